package org.entsso.sso.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.awaitility.Awaitility;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.NewApplication;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoClientException;
import org.entsso.sso.client.SsoCredentials;
import org.entsso.sso.testing.SsoTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sso-init issue-client} and {@code revoke} against one whole SSO node on a real ensemble and H2 server: a host
 * instance onboarded by the command line looks up its own credentials with the files the command wrote, and is refused
 * at the TLS handshake once its certificate is revoked (the list travels through ZooKeeper to the node).
 */
@Tag("zookeeper")
class ClientOnboardingTest {
    private static final String HOST = "LOCAL\\orders-host";

    @TempDir
    static Path dir;

    private static SsoTestCluster cluster;
    private static Path clusterDir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SsoTestCluster.start(dir.resolve("sso"), 1);
        cluster.awaitMasterSecretServer();
        clusterDir = dir.resolve("sso").resolve("cluster");
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
    }

    record Run(int exit, String out, String err) {}

    static Run init(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = InitCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static SsoClient admin() {
        return SsoClient.open(ClientConfigFile.load(clusterDir.resolve("admin").resolve("client.properties")));
    }

    @Test
    void whenAHostInstanceIsOnboarded_thenItLooksUpItsCredentialsUntilItsCertificateIsRevoked() throws IOException {
        Path out = dir.resolve("orders-host");
        Run issued = init(
                "issue-client",
                "--dir",
                clusterDir.toString(),
                "--principal",
                HOST,
                "--days",
                "30",
                "--out",
                out.toString());

        assertThat(issued.exit()).as(issued.toString()).isZero();
        assertThat(issued.out()).contains("Issued a client certificate for " + HOST, "ENTSSO_CLIENT_CONFIG=");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("client.p12.pwd"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(out.resolve("client.properties")))
                .contains("client.servers=", "tls.keyStore=client.p12");
        try (SsoClient admin = admin()) {
            admin.createApplication(NewApplication.withUserIdAndPassword("Orders", "LOCAL\\users", "LOCAL\\admins"));
            admin.enableApplication("Orders");
            admin.addGroupMember("LOCAL\\users", HOST);
            admin.createMapping("Orders", HOST, "orders-ext");
            admin.setCredentials("Orders", HOST, Map.of(1, "s3cret".toCharArray()));
        }
        try (SsoClient host = SsoClient.open(ClientConfigFile.load(out.resolve("client.properties")));
                SsoCredentials c = host.getCredentials("Orders")) {
            assertThat(host.principal()).isEqualTo(HOST);
            assertThat(c.externalUser()).isEqualTo("orders-ext");
            assertThat(c.field(1)).isEqualTo("s3cret".toCharArray());
        }

        Run revoked = init("revoke", "--dir", clusterDir.toString(), "--principal", HOST);

        assertThat(revoked.exit()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).contains("Revoked: client certificate of " + HOST, "published through ZooKeeper");
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .alias("revoked certificate refused")
                .untilAsserted(() -> {
                    try (SsoClient host = SsoClient.open(ClientConfigFile.load(out.resolve("client.properties")))) {
                        assertThat(catchThrowable(
                                        () -> host.getCredentials("Orders").close()))
                                .isInstanceOf(SsoClientException.class);
                    }
                });
        try (SsoClient admin = admin()) { // the CA and every other certificate are unaffected
            assertThat(admin.servers()).isNotEmpty();
            admin.exchange("GET", "/v1/global", null, false);
        }
        Run again = init("revoke", "--dir", clusterDir.toString(), "--principal", HOST);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("Already revoked");
    }

    @Test
    void whenFilesExistOrThePrincipalIsUnknown_thenOneLineRefusalsWithExit1() throws IOException {
        Path out = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(out.resolve("client.p12"), "someone else's key store");

        Run taken = init(
                "issue-client", "--dir", clusterDir.toString(), "--principal", "LOCAL\\bob", "--out", out.toString());
        Run unknown = init("revoke", "--dir", clusterDir.toString(), "--principal", "LOCAL\\nobody");
        Run notACluster = init("revoke", "--dir", dir.toString(), "--serial", "1f");
        Run badPrincipal = init(
                "issue-client",
                "--dir",
                clusterDir.toString(),
                "--principal",
                "bob",
                "--out",
                dir.resolve("bob").toString());

        assertOneLine(taken, 1, "sso-init issue-client: The file " + out.resolve("client.p12"));
        assertThat(Files.readString(out.resolve("client.p12"))).isEqualTo("someone else's key store");
        assertOneLine(unknown, 1, "sso-init revoke: No certificate issued to LOCAL\\nobody");
        assertOneLine(notACluster, 2, "sso-init revoke: The folder");
        assertThat(badPrincipal.exit()).isEqualTo(2);
    }

    @Test
    void whenARunStoppedAfterTheKeyStore_thenRunningAgainCompletesItAndAFinishedOneIsKept() throws IOException {
        Path out = dir.resolve("resumed");
        String[] args = {
            "issue-client", "--dir", clusterDir.toString(), "--principal", "LOCAL\\dave", "--out", out.toString()
        };
        assertThat(init(args).exit()).isZero();
        String p12 = Files.readString(out.resolve("client.p12"), java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.delete(out.resolve("client.properties")); // as if the first run had stopped before it

        Run resumed = init(args);

        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(Files.readString(out.resolve("client.p12"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo(p12);
        assertThat(out.resolve("client.properties")).exists();
        Run otherPrincipal = init(
                "issue-client", "--dir", clusterDir.toString(), "--principal", "LOCAL\\erin", "--out", out.toString());
        assertOneLine(otherPrincipal, 1, "sso-init issue-client: The file " + out.resolve("client.p12"));
    }

    @Test
    void whenAskedForHelp_thenEveryCommandDescribesItself() {
        Run top = init("--help");
        assertThat(top.exit()).isZero();
        assertThat(top.out()).contains("issue-client", "revoke", "add-node", "remove-node");
        for (String command : new String[] {"issue-client", "revoke", "add-node", "remove-node"}) {
            Run help = init(command, "--help");
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: sso-init " + command, "--dir", "Exit codes:");
        }
        Run missing = init("revoke", "--dir", clusterDir.toString());
        assertOneLine(missing, 2, "sso-init revoke: ");
        assertThat(missing.err()).contains("see sso-init revoke --help");
    }

    static void assertOneLine(Run r, int exit, String start) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        assertThat(r.err().strip()).as(r.toString()).startsWith(start).doesNotContain("\n");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }
}
