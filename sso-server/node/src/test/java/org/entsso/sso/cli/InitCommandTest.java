package org.entsso.sso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.node.NodeConfig;
import org.entsso.sso.node.NodeConfigFile;
import org.entsso.sso.store.H2Urls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sso-init: a whole cluster's files from one command, and one-line refusals. */
class InitCommandTest {
    @TempDir
    Path dir;

    private Path passwordFile() throws Exception {
        Path file = dir.resolve("backup.pwd");
        Files.writeString(file, "correct horse battery staple\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void whenInitialised_thenEveryNodeHasAValidConfigurationAndTheBackupOpensWithThePassword() throws Exception {
        Path out = dir.resolve("cluster");
        int rc = InitCommand.run(
                "--dir", out.toString(),
                "--cluster", "prod",
                "--zookeeper", "127.0.0.1:2181",
                "--database", H2Urls.file(dir.resolve("db").resolve("sso")),
                "--node", "node1=127.0.0.1:7101:7102",
                "--node", "node2=127.0.0.1:7201:7202:sso-server",
                "--password-file", passwordFile().toString());

        assertThat(rc).isZero();
        NodeConfig node1 = NodeConfigFile.load(out.resolve("node1").resolve("node.properties"));
        NodeConfig node2 = NodeConfigFile.load(out.resolve("node2").resolve("node.properties"));
        assertThat(node1.mayOwnMasterSecret()).isTrue();
        assertThat(node2.mayOwnMasterSecret()).isFalse();
        assertThat(node1.possibleOwners()).containsExactly("node1");
        assertThat(node2.clusterName()).isEqualTo("prod");
        assertThat(Files.exists(out.resolve("admin").resolve("client.properties")))
                .isTrue();
        Path backup;
        try (var files = Files.list(out.resolve("backup"))) {
            backup = files.findFirst().orElseThrow();
        }
        try (Keyring keyring = new BackupFile().read(backup, "correct horse battery staple".toCharArray())) {
            assertThat(backup.getFileName().toString())
                    .contains(keyring.current().msid().toString());
        }
    }

    @Test
    void whenANodeIsMalformedOrTheFolderIsNotEmpty_thenExitTwoAndNothingIsWritten() throws Exception {
        assertThat(InitCommand.run(
                        "--dir", dir.resolve("c").toString(),
                        "--zookeeper", "z:1",
                        "--database", "jdbc:h2:mem:x",
                        "--node", "node1",
                        "--password-file", passwordFile().toString()))
                .isEqualTo(2);
        assertThat(dir.resolve("c")).doesNotExist();

        Files.writeString(Files.createDirectories(dir.resolve("used")).resolve("x"), "x");
        assertThat(InitCommand.run(
                        "--dir", dir.resolve("used").toString(),
                        "--zookeeper", "z:1",
                        "--database", "jdbc:h2:mem:x",
                        "--node", "node1=h:1:2",
                        "--password-file", passwordFile().toString()))
                .isEqualTo(2);
        try (var files = Files.list(dir.resolve("used"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void byDefault_everyZooKeeperServerGetsACertificateAndItsZooCfgLines_andNodesAndTheAdminUseTls() throws Exception {
        Path out = dir.resolve("tls");
        int rc = InitCommand.run(
                "--dir", out.toString(),
                "--zookeeper", "zk-a.example.org:2281,127.0.0.1:2282",
                "--database", H2Urls.file(dir.resolve("db").resolve("sso")),
                "--node", "node1=127.0.0.1:7101:7102",
                "--password-file", passwordFile().toString());

        assertThat(rc).isZero();
        assertThat(NodeConfigFile.load(out.resolve("node1").resolve("node.properties"))
                        .zooKeeperTls())
                .isTrue();
        Path admin = out.resolve("admin").resolve("client.properties");
        assertThat(AdminZooKeeper.connection(admin, Duration.ofSeconds(2))
                        .orElseThrow()
                        .tls())
                .isPresent();
        assertThat(ClientConfigFile.load(admin).servers()).containsExactly(URI.create("https://127.0.0.1:7101"));
        Path zk1 = out.resolve("zookeeper").resolve("zk1");
        Path zk2 = out.resolve("zookeeper").resolve("zk2");
        assertThat(zk1.resolve("zookeeper.p12")).isRegularFile();
        assertThat(Files.getPosixFilePermissions(zk1.resolve("zookeeper.p12.pwd")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String cfg = Files.readString(zk2.resolve("zoo-tls.cfg"));
        assertThat(cfg.lines())
                .contains(
                        "secureClientPort=2282",
                        "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
                        "ssl.clientAuth=need",
                        "sslQuorum=true",
                        "ssl.keyStore.location=" + zk2.resolve("zookeeper.p12").toAbsolutePath(),
                        "ssl.trustStore.type=PEM")
                .noneMatch(line -> line.startsWith("clientPort="));
    }

    @Test
    void withZookeeperPlaintext_thenNodesAndTheAdminAreToldSo_andNoZooKeeperCertificateIsIssued() throws Exception {
        Path out = dir.resolve("plain");
        int rc = InitCommand.run(
                "--dir",
                out.toString(),
                "--zookeeper",
                "127.0.0.1:2181",
                "--zookeeper-plaintext",
                "--database",
                H2Urls.file(dir.resolve("db").resolve("sso")),
                "--node",
                "node1=127.0.0.1:7101:7102",
                "--password-file",
                passwordFile().toString());

        assertThat(rc).isZero();
        assertThat(NodeConfigFile.load(out.resolve("node1").resolve("node.properties"))
                        .zooKeeperTls())
                .isFalse();
        assertThat(AdminZooKeeper.connection(out.resolve("admin").resolve("client.properties"), Duration.ofSeconds(2))
                        .orElseThrow()
                        .tls())
                .isEmpty();
        assertThat(out.resolve("zookeeper")).doesNotExist();
    }

    @Test
    void whenTheDatabaseCertificateIsAskedFor_thenOnlyTheCaAndItAreWritten_andMissingOptionsOtherwiseExitTwo()
            throws Exception {
        Path out = dir.resolve("two-step");
        assertThat(InitCommand.run("--dir", out.toString(), "--database-certificate", "db.example"))
                .isEqualTo(0);
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("ca", "database");
        }
        assertThat(out.resolve("database").resolve("database.p12")).exists();
        assertThat(out.resolve("database").resolve("database.p12.pwd")).exists();

        assertThat(InitCommand.run(
                        "--dir",
                        dir.resolve("c").toString(),
                        "--database",
                        "jdbc:h2:mem:x",
                        "--node",
                        "node1=h:1:2",
                        "--password-file",
                        passwordFile().toString()))
                .isEqualTo(2);
        assertThat(InitCommand.run(
                        "--dir", dir.resolve("c").toString(),
                        "--zookeeper", "z:1",
                        "--database", "jdbc:sqlserver://ag;databaseName=SSODB;encrypt=false",
                        "--node", "node1=h:1:2",
                        "--password-file", passwordFile().toString()))
                .isEqualTo(2);
        assertThat(dir.resolve("c")).doesNotExist();
    }
}
