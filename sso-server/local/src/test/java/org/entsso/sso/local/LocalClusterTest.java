package org.entsso.sso.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.PasswordFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a local cluster writes and does to a folder an older version wrote, without starting its processes (the TLS
 * ensemble runs for real in {@link ZooKeeperTlsTest}).
 */
@Tag("zookeeper")
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

    @Test
    void everyZooKeeperServerServesClientsOnItsTlsPortOnly_withClientCertificatesRequired_andTalksTlsToPeers() {
        Path data = dir.resolve("zk1").resolve("data");
        Path tls = dir.resolve("cluster").resolve("zookeeper").resolve("zk1");

        String cfg = LocalEnsemble.zooCfg(1, 17000, data, tls);

        assertThat(cfg.lines())
                .contains(
                        "secureClientPort=17001",
                        "secureClientPortAddress=127.0.0.1",
                        "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
                        "ssl.clientAuth=need",
                        "ssl.keyStore.location=" + tls.resolve("zookeeper.p12").toAbsolutePath(),
                        "ssl.keyStore.passwordPath="
                                + tls.resolve("zookeeper.p12.pwd").toAbsolutePath(),
                        "ssl.trustStore.location=" + tls.resolve("ca.pem").toAbsolutePath(),
                        "sslQuorum=true",
                        "ssl.quorum.clientAuth=need",
                        "server.3=127.0.0.1:17013:17023")
                .noneMatch(line -> line.startsWith("clientPort"));
    }

    @Test
    void aClusterFolderWrittenBeforeZooKeeperHadTls_getsServerCertificatesFromItsCa_once() throws Exception {
        Path caDir = Files.createDirectories(dir.resolve("cluster").resolve("ca"));
        ClusterCa ca = ClusterCa.create("local");
        ca.writeCertificatePem(caDir.resolve("ca.pem"));
        PasswordFiles.generate(caDir.resolve("ca.p12.pwd"));
        ca.writePkcs12(caDir.resolve("ca.p12"), PasswordFiles.read(caDir.resolve("ca.p12.pwd")));
        Path certificates = dir.resolve("cluster").resolve("zookeeper");
        LocalEnsemble ensemble = new LocalEnsemble(dir.resolve("zk"), certificates, 17000, new LocalProcesses(dir));

        ensemble.ensureCertificates(caDir);
        byte[] first = Files.readAllBytes(certificates.resolve("zk3").resolve("zookeeper.p12"));
        ensemble.ensureCertificates(caDir);

        assertThat(Files.readAllBytes(certificates.resolve("zk3").resolve("zookeeper.p12")))
                .isEqualTo(first);
        try (var folders = Files.list(certificates)) {
            assertThat(folders.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("zk1", "zk2", "zk3");
        }
        assertThat(ensemble.connectString()).isEqualTo("127.0.0.1:17001,127.0.0.1:17002,127.0.0.1:17003");
    }
}
