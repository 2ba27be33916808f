package org.entsso.sso.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.SsoError;
import org.entsso.sso.client.ClientConfig;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.node.NodeConfig;
import org.entsso.sso.node.NodeConfigFile;
import org.entsso.sso.node.SsoNode;
import org.entsso.sso.server.internal.LocalCallers;
import org.entsso.sso.testing.SsoTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssoconfig -showdb}, {@code -auditlevel}, {@code -remoteLookup} and {@code -showReminder} in-process against
 * one whole SSO node on a real ensemble and H2 server; a person who is no SSO administrator gets a certificate from
 * {@code sso-init issue-client}.
 */
@Tag("zookeeper")
class SsoConfigSettingsTest {
    @TempDir
    static Path dir;

    private static SsoTestCluster cluster;
    private static Path config;
    private static Path clusterDir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SsoTestCluster.start(dir.resolve("sso"), 1);
        cluster.awaitMasterSecretServer();
        clusterDir = dir.resolve("sso").resolve("cluster");
        config = clusterDir.resolve("admin").resolve("client.properties");
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static SsoConfigCommandTest.Run run(String... args) {
        return SsoConfigCommandTest.run(args);
    }

    private static Map<String, Object> global() throws IOException {
        try (SsoClient admin = SsoClient.open(ClientConfigFile.load(config))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> g = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(admin.exchange("GET", "/v1/global", null, false), Map.class);
            return g;
        }
    }

    @Test
    void whenShowingTheDatabase_thenServerAndDatabaseAreShownAndNoSecret() {
        Path node = clusterDir.resolve("node1").resolve("node.properties");

        SsoConfigCommandTest.Run r = run("-showdb", "--node-config", node.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        String url = cluster.databaseUrl();
        String server = url.substring("jdbc:h2:tcp://".length(), url.indexOf('/', "jdbc:h2:tcp://".length()));
        assertThat(r.out())
                .contains("SSO server:    node1 (cluster test)")
                .contains("SQL server:    " + server)
                .contains("SSO database:  sso")
                .contains("TLS, through the node's tunnel")
                .doesNotContain("jdbc:", "MODE=", "password");
        SsoConfigCommandTest.Run missing =
                run("-SHOWDB", "--node-config", dir.resolve("none.properties").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("ssoconfig: [15000]").contains("none.properties");
    }

    @Test
    void whenSettingAuditLevels_thenTheGlobalRowHasThemAndOutOfRangeIsRefused() throws IOException {
        SsoConfigCommandTest.Run r = run("-auditlevel", "3", "2", "--config", config.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Audit levels: positive 3 (high), negative 2 (medium).");
        assertThat(global()).containsEntry("auditPositiveLevel", 3).containsEntry("auditNegativeLevel", 2);

        SsoConfigCommandTest.Run bad = run("-auditLevel", "4", "1", "--config", config.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("ssoconfig: [15000]");
        SsoConfigCommandTest.Run one = run("-auditlevel", "1", "--config", config.toString());
        assertThat(one.exit()).isEqualTo(2);
    }

    @Test
    void whenSomeoneWhoIsNotAnSsoAdministratorSetsSettings_thenExit1With11042AndNothingChanges() throws IOException {
        Path out = dir.resolve("carol");
        int issued = InitCommand.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                "issue-client",
                "--dir",
                clusterDir.toString(),
                "--principal",
                "CONTOSO\\carol",
                "--out",
                out.toString());
        assertThat(issued).isZero();
        Object before = global().get("auditPositiveLevel");

        SsoConfigCommandTest.Run audit = run(
                "-auditlevel",
                "0",
                "0",
                "--config",
                out.resolve("client.properties").toString());
        SsoConfigCommandTest.Run remote = run(
                "-remoteLookup",
                "no",
                "--config",
                out.resolve("client.properties").toString());

        for (SsoConfigCommandTest.Run r : new SsoConfigCommandTest.Run[] {audit, remote}) {
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().strip()).startsWith("ssoconfig: [11042]").doesNotContain("\n");
        }
        assertThat(global()).containsEntry("auditPositiveLevel", before).containsEntry("remoteLookup", true);
    }

    @Test
    void whenRemoteLookupIsTurnedOff_thenTheSettingIsStoredAndLoopbackCallersStillLookUp() throws IOException {
        assertThat(global()).containsEntry("remoteLookup", true);

        SsoConfigCommandTest.Run off = run("-remoteLookup", "NO", "--config", config.toString());

        assertThat(off.exit()).as(off.toString()).isZero();
        assertThat(off.out()).contains("Remote lookup: not allowed", "11068");
        assertThat(global()).containsEntry("remoteLookup", false);
        // Every caller of this test is on this machine: a lookup still reaches the credential path (10756, not 11068).
        try (SsoClient admin = SsoClient.open(ClientConfigFile.load(config))) {
            assertThat(catchThrowable(() -> admin.getCredentials("NoSuchApp"))).hasMessageContaining("[10756]");
        }
        assertThat(LocalCallers.isLocal("127.0.0.1")).isTrue();
        assertThat(LocalCallers.isLocal("::1")).isTrue();
        assertThat(LocalCallers.isLocal("192.0.2.7")).isFalse();
        assertThat(LocalCallers.isLocal("localhost")).isFalse(); // names are never resolved
        assertThat(LocalCallers.isLocal("")).isFalse();
        assertThat(SsoError.REMOTE_LOOKUP_DENIED.httpStatus()).isEqualTo(403);

        SsoConfigCommandTest.Run on = run("-remotelookup", "yes", "--config", config.toString());
        assertThat(on.out()).contains("Remote lookup: allowed");
        assertThat(global()).containsEntry("remoteLookup", true);
        SsoConfigCommandTest.Run bad = run("-remoteLookup", "maybe", "--config", config.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("yes or no");
    }

    @Test
    void whenRemoteLookupIsOff_thenACallerThroughANonLoopbackAddressGets11068AndLoopbackCallersDoNot()
            throws Exception {
        Optional<String> address = nonLoopbackAddress();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        ClientOnboardingTest.Run added = ClientOnboardingTest.init(
                "add-node", "--dir", clusterDir.toString(), "--node", "edge=" + address.get() + ":sso-server");
        assertThat(added.exit()).as(added.toString()).isZero();
        NodeConfig edgeConfig = NodeConfigFile.load(clusterDir.resolve("edge").resolve("node.properties"));
        ClientConfig admin = ClientConfigFile.load(config);
        ClientConfig throughEdge = ClientConfig.builder()
                .tlsFiles(
                        admin.keyStore().orElseThrow(),
                        admin.keyStorePasswordFile().orElseThrow(),
                        admin.trustStore().orElseThrow())
                .servers(List.of(URI.create("https://" + address.get() + ":" + edgeConfig.apiPort())))
                .discovery(false)
                .build();
        try (SsoNode edge = SsoNode.start(edgeConfig);
                SsoClient remote = SsoClient.open(throughEdge);
                SsoClient local = SsoClient.open(admin)) {
            Awaitility.await()
                    .atMost(Timing.forWaiting())
                    .alias("edge holds the master secret")
                    .untilAsserted(() -> assertThat(catchThrowable(() -> remote.getCredentials("NoSuchApp")))
                            .hasMessageContaining("[10756]"));

            assertThat(run("-remoteLookup", "no", "--config", config.toString()).exit())
                    .isZero();

            Awaitility.await()
                    .atMost(Timing.forWaiting())
                    .alias("11068 through " + address.get())
                    .untilAsserted(() -> assertThat(catchThrowable(() -> remote.getCredentials("NoSuchApp")))
                            .hasMessageContaining("[11068]")
                            .hasMessageContaining("not configured to allow remote lookup"));
            assertThat(catchThrowable(() -> local.getCredentials("NoSuchApp"))).hasMessageContaining("[10756]");

            assertThat(run("-remoteLookup", "yes", "--config", config.toString())
                            .exit())
                    .isZero();
            Awaitility.await()
                    .atMost(Timing.forWaiting())
                    .untilAsserted(() -> assertThat(catchThrowable(() -> remote.getCredentials("NoSuchApp")))
                            .hasMessageContaining("[10756]"));
        }
    }

    private static Optional<String> nonLoopbackAddress() throws IOException {
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!i.isUp() || i.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(i.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void whenShowingAReminder_thenItIsPrintedWithoutThePasswordAndAnotherFileIs10564() throws IOException {
        Path backup = cluster.init().backupFile();

        SsoConfigCommandTest.Run r = run("-showReminder", backup.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().strip()).isEqualTo("Password reminder: the usual");
        assertThat(BackupFile.readReminder(backup)).contains("the usual");
        Path garbage = Files.writeString(dir.resolve("garbage.bak"), "not a backup", StandardCharsets.UTF_8);
        SsoConfigCommandTest.Run bad = run("-showreminder", garbage.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err().strip()).startsWith("ssoconfig: [10564]").doesNotContain("\n");
        SsoConfigCommandTest.Run missing =
                run("-showReminder", dir.resolve("nothing.bak").toString());
        assertThat(missing.exit()).isEqualTo(2);
    }

    @Test
    void whenAskedForHelp_thenEveryNewCommandIsDescribed() {
        SsoConfigCommandTest.Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains("-showdb", "--node-config", "-auditlevel=<level> <level>", "-remoteLookup=<yes|no>")
                .contains("-showReminder=<backupFile>", "11068", "remote by design");
        assertThat(Optional.of(help.err())).contains("");
    }
}
