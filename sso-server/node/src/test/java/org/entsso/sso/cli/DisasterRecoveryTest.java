package org.entsso.sso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.testing.EmbeddedEnsemble;
import org.entsso.cluster.testing.FreePorts;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.NewApplication;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoCredentials;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.node.EntssoGroup;
import org.entsso.sso.node.NodeConfigFile;
import org.entsso.sso.node.SsoNode;
import org.entsso.sso.store.H2DatabaseServer;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.testing.SsoTestCluster;
import org.entsso.sso.tls.TlsMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disaster recovery from the backup file alone (ops/runbooks/disaster-recovery.md): a two-node cluster stores
 * credentials and fails over once (so the database's fence holds epoch 2), its secret is backed up with
 * {@code ssoconfig -backupSecret}, then every node is stopped and the ZooKeeper ensemble, the cluster folder (CA,
 * node certificates and secret stores) are thrown away; only the H2 database files survive. A new ensemble and a new
 * folder, {@code sso-init --database-certificate} for the restarted H2 server, {@code sso-init --restore-secret}, one
 * node started: the old credentials come back with their values and new writes are accepted. Before that, the
 * refusals: wrong password (10815), a file that is not a backup (10564), another SSO system's backup (10815), no
 * {@code --restore-secret} against a database with data, {@code --restore-secret} against an empty database; each one
 * line, exit 2, and no node folder written.
 */
@Tag("zookeeper")
class DisasterRecoveryTest {
    private static final String PASSWORD = new String(SsoTestCluster.BACKUP_PASSWORD);

    @TempDir
    Path dir;

    private SsoTestCluster lost;
    private EmbeddedEnsemble ensemble;
    private H2DatabaseServer database;
    private SsoNode node;
    private ClusterAdmin admin;

    @AfterEach
    void close() throws IOException {
        if (node != null) {
            node.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (database != null) {
            database.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
        if (lost != null) {
            lost.close();
        }
    }

    @Test
    void whenOnlyTheDatabaseAndTheBackupFileSurvive_thenSsoInitRestoreSecretBringsTheCredentialsBack()
            throws Exception {
        Path passwordFile = ownerOnly(dir.resolve("backup.pwd"), PASSWORD + "\n");
        Path backup = dir.resolve("offsite").resolve("entsso.bak");
        Files.createDirectories(backup.getParent());
        storeCredentialsFailOverAndBackUp(backup, passwordFile);
        lost.close(); // every node, the H2 server and the ensemble
        lost = null;
        deleteTree(dir.resolve("cluster"));

        ensemble = EmbeddedEnsemble.start(1, EmbeddedEnsemble.DEFAULT_TICK_TIME);
        Path folder = dir.resolve("recovered");
        ClientOnboardingTest.Run certificate =
                init("--dir", folder.toString(), "--cluster", "test", "--database-certificate", "127.0.0.1");
        assertThat(certificate.exit()).as(certificate.toString()).isZero();
        Path h2 = dir.resolve("h2");
        createEmptyDatabase(h2.resolve("empty"));
        database = startDatabase(h2, folder.resolve("database"));
        int[] ports = FreePorts.distinct(2);

        assertRefusals(folder, backup, passwordFile, ports);

        ClientOnboardingTest.Run restored = init(restore(folder, database.url(), ports, backup, passwordFile));
        assertThat(restored.exit()).as(restored.toString()).isZero();
        assertThat(restored.out()).contains("restored from " + backup.toAbsolutePath(), "ssod --config");
        node = SsoNode.start(NodeConfigFile.load(folder.resolve("node1").resolve("node.properties")));
        admin = ClusterAdmin.connect(
                ClusterConnection.of(ensemble.connectString()).withClusterName("test"));
        awaitEntssoOnline();

        ClusterCa ca = ClusterPki.loadCa(folder);
        try (SsoClient alice = clientOf(folder, ca, "LOCAL\\alice");
                SsoCredentials c = alice.getCredentials("Payroll", true)) {
            assertThat(c.externalUser()).isEqualTo("alice-ext");
            assertThat(c.field(1)).isEqualTo("before the disaster".toCharArray());
        }
        try (SsoClient client =
                SsoClient.open(ClientConfigFile.load(folder.resolve("admin").resolve("client.properties")))) {
            client.setCredentials("Payroll", "LOCAL\\alice", Map.of(1, "after the recovery".toCharArray()));
        }
        try (SsoClient alice = clientOf(folder, ca, "LOCAL\\alice");
                SsoCredentials c = alice.getCredentials("Payroll", true)) {
            assertThat(c.field(1)).isEqualTo("after the recovery".toCharArray());
        }
    }

    /** Cluster A: credentials written under epoch 2 (after a failover), then a backup of its secret. */
    private void storeCredentialsFailOverAndBackUp(Path backup, Path passwordFile) throws Exception {
        lost = SsoTestCluster.start(dir, 2);
        lost.stop(lost.awaitMasterSecretServer());
        lost.awaitMasterSecretServer();
        assertThat(lost.admin().group(EntssoGroup.NAME).epoch()).isGreaterThan(1);
        Path config = dir.resolve("cluster").resolve("admin").resolve("client.properties");
        try (SsoClient client = SsoClient.open(ClientConfigFile.load(config))) {
            client.createApplication(NewApplication.withUserIdAndPassword("Payroll", "LOCAL\\users", "LOCAL\\admins"));
            client.enableApplication("Payroll");
            client.addGroupMember("LOCAL\\users", "LOCAL\\alice");
            client.createMapping("Payroll", "LOCAL\\alice", "alice-ext");
            client.setCredentials("Payroll", "LOCAL\\alice", Map.of(1, "before the disaster".toCharArray()));
        }
        SsoConfigCommandTest.Run backedUp = SsoConfigCommandTest.run(
                "-backupSecret",
                backup.toString(),
                "--password-file",
                passwordFile.toString(),
                "--config",
                config.toString());
        assertThat(backedUp.exit()).as(backedUp.toString()).isZero();
    }

    private void assertRefusals(Path folder, Path backup, Path passwordFile, int[] ports) throws IOException {
        String url = database.url();
        Path wrong = ownerOnly(dir.resolve("wrong.pwd"), "not the backup password\n");
        Path garbage = Files.writeString(dir.resolve("garbage.bak"), "not a backup file");
        Path foreign = dir.resolve("foreign.bak");
        try (Keyring other = Keyring.generate()) {
            new BackupFile().write(foreign, other, PASSWORD.toCharArray(), "");
        }
        String emptyUrl = url.replace("/" + H2Urls.DEFAULT_DATABASE + ";", "/empty;");

        assertRefused(init(restore(folder, url, ports, backup, wrong)), "[10815] Incorrect master secret.");
        assertRefused(init(restore(folder, url, ports, garbage, passwordFile)), "[10564] The backup file does not");
        assertRefused(
                init(restore(folder, url, ports, foreign, passwordFile)),
                "[10815] Incorrect master secret. The backup holds the secrets");
        String[] withoutRestore = Arrays.copyOf(restore(folder, url, ports, backup, passwordFile), 15);
        assertRefused(init(withoutRestore), "[15000] The parameter is not valid. The SSO database " + url);
        assertThat(init(withoutRestore).err()).contains("already holds an SSO system's data", "--restore-secret");
        ClientOnboardingTest.Run empty = init(restore(folder, emptyUrl, ports, backup, passwordFile));
        assertRefused(empty, "[15000] The parameter is not valid. The SSO database " + emptyUrl);
        assertThat(empty.err()).contains("holds no master secret");
        assertThat(folder.resolve("node1")).doesNotExist();
        assertThat(folder.resolve("backup")).doesNotExist();
    }

    private static void assertRefused(ClientOnboardingTest.Run r, String start) {
        ClientOnboardingTest.assertOneLine(r, 2, "sso-init: " + start);
    }

    /** sso-init's arguments for the recovery; the first 15 are those of a new cluster. */
    private String[] restore(Path folder, String url, int[] ports, Path backup, Path passwordFile) {
        return new String[] {
            "--dir",
            folder.toString(),
            "--cluster",
            "test",
            "--zookeeper",
            ensemble.connectString(),
            "--zookeeper-plaintext",
            "--session-timeout",
            Timing.session().toMillis() + "ms",
            "--database",
            url,
            "--node",
            "node1=127.0.0.1:" + ports[0] + ":" + ports[1],
            "--password-file",
            passwordFile.toString(),
            "--restore-secret",
            backup.toString()
        };
    }

    private void awaitEntssoOnline() {
        Awaitility.await().atMost(Timing.forWaiting()).alias("ENTSSO online").until(() -> {
            GroupInfo g = admin.group(EntssoGroup.NAME);
            return g.state() == GroupState.Online;
        });
    }

    private static SsoClient clientOf(Path folder, ClusterCa ca, String principal) {
        return SsoClient.open(
                ClientConfigFile.load(folder.resolve("admin").resolve("client.properties")),
                TlsMaterial.of(ca.issueClient(principal), ca.certificate()));
    }

    private static ClientOnboardingTest.Run init(String... args) {
        return ClientOnboardingTest.init(args);
    }

    /** The surviving H2 files behind a TLS front with the new cluster CA's database certificate. */
    private static H2DatabaseServer startDatabase(Path h2, Path databaseDir) throws SQLException {
        char[] pw = PasswordFiles.read(
                databaseDir.resolve(ClusterPki.DATABASE_KEY_STORE + ".pwd"), "database key store password file");
        TlsMaterial tls;
        try {
            tls = TlsMaterial.fromPkcs12(
                    databaseDir.resolve(ClusterPki.DATABASE_KEY_STORE), pw, databaseDir.resolve("ca.pem"));
        } finally {
            Arrays.fill(pw, '\0');
        }
        H2DatabaseServer server =
                new H2DatabaseServer(new H2DatabaseServer.Options(h2, "127.0.0.1", 0, 0, Optional.of(tls)));
        server.start();
        return server;
    }

    private static void createEmptyDatabase(Path file) throws Exception {
        try (Connection ignored = DriverManager.getConnection(H2Urls.file(file), "sa", "")) {
            // an empty database the server may serve (it creates none itself: -ifExists)
        }
    }

    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(
                file, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        return file;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
