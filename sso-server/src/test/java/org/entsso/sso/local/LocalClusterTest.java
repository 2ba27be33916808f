package org.entsso.sso.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a local cluster does to a folder an older version wrote, without starting its processes. */
class LocalClusterTest {
    @TempDir
    Path dir;

    @Test
    void databasePasswordFile_isTheH2FoldersOwnerOnlyFile() {
        LocalCluster cluster = new LocalCluster(LocalCluster.Options.defaults(dir));

        assertThat(cluster.databasePasswordFile())
                .isEqualTo(dir.toAbsolutePath().resolve("h2").resolve("db-password"));
    }

    @Test
    void aNodeConfigWrittenBeforeTheDatabaseHadAPassword_getsTheUserAndThePasswordFile_once() throws Exception {
        Path config = dir.resolve("node.properties");
        Files.writeString(config, "node.name=node1\ndatabase.url=jdbc:h2:tcp://127.0.0.1:1/sso");
        Path passwordFile = Files.writeString(dir.resolve("db-password"), "x");

        LocalCluster.addDatabasePasswordFile(config, passwordFile);
        String once = Files.readString(config);
        LocalCluster.addDatabasePasswordFile(config, passwordFile);

        assertThat(Files.readString(config)).isEqualTo(once);
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(config)) {
            p.load(in);
        }
        assertThat(p.getProperty("database.url")).isEqualTo("jdbc:h2:tcp://127.0.0.1:1/sso");
        assertThat(p.getProperty("database.user")).isEqualTo("sa");
        assertThat(p.getProperty("database.passwordFile")).isEqualTo(passwordFile.toString());
    }

    @Test
    void noPasswordFileYet_leavesTheNodeConfigAlone() throws Exception {
        Path config = Files.writeString(dir.resolve("node.properties"), "node.name=node1\n");

        LocalCluster.addDatabasePasswordFile(config, dir.resolve("db-password"));

        assertThat(Files.readString(config)).isEqualTo("node.name=node1\n");
    }

    @Test
    void everyNodeGetsAMetricsPortOfItsOwn_once() throws Exception {
        LocalCluster cluster = new LocalCluster(LocalCluster.Options.defaults(dir));
        Path config = Files.writeString(dir.resolve("node.properties"), "node.name=node2");

        LocalCluster.addMetricsPort(config, cluster.metricsPort("node2"));
        LocalCluster.addMetricsPort(config, 1);

        assertThat(cluster.metricsPort("node1")).isEqualTo(17061);
        assertThat(Files.readString(config)).isEqualTo("node.name=node2\nmetrics.port=17062\n");
    }
}
