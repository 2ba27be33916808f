package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.NewApplication;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoCredentials;
import org.entsso.sso.testing.SsoTestCluster;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.TlsMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole nodes (cluster service + SSO server + Master Secret Service type) built from initialised node.properties, on
 * a real ZooKeeper ensemble and a shared H2 TCP server: the ENTSSO group is created on first start and comes online on
 * one node, every SSO server fetches the secret, a clean stop hands the group over at once, and an SSO server that
 * restarts while no master secret server is online cannot decrypt until one is back.
 */
@Tag("extended") // not in the default suite (README, "Tests"): run with -Pextended
@Tag("zookeeper")
class SsoNodeTest {
    @TempDir
    Path dir;

    private SsoTestCluster cluster;
    private TlsMaterial admin;

    @BeforeEach
    void start() throws Exception {
        cluster = SsoTestCluster.start(dir, 3);
        admin = cluster.administratorTls();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private int health(String node) {
        URI uri = cluster.node(node).apiEndpoint().resolve("/v1/sys/health");
        try {
            return TestPki.get(admin, uri).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private void awaitHealth(String node, int status) {
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(100))
                .alias(node + " health " + status)
                .until(() -> health(node) == status);
    }

    @Test
    void whenNodesStart_thenEntssoComesOnlineOnOneAndEverySsoServerHoldsTheSecret() {
        String owner = cluster.awaitMasterSecretServer();
        for (String node : cluster.runningNodes()) {
            awaitHealth(node, node.equals(owner) ? 200 : 429);
        }
        assertThat(cluster.admin().groupSpec(EntssoGroup.NAME).resources())
                .extracting(r -> r.type())
                .containsExactly("IP Address", "Network Name", "Master Secret Service");
    }

    private SsoClient client() {
        Path adminDir = dir.resolve("cluster").resolve("admin");
        return SsoClient.open(ClientConfigFile.load(adminDir.resolve("client.properties")));
    }

    /** A client of the cluster presenting a certificate for {@code principal}. */
    private SsoClient clientOf(String principal) {
        Path adminDir = dir.resolve("cluster").resolve("admin");
        return SsoClient.open(
                ClientConfigFile.load(adminDir.resolve("client.properties")), cluster.clientTls(principal));
    }

    @Test
    void whenTheMasterSecretServersNodeCrashes_thenLookupsContinueAndWritesResumeOnTheStandby() {
        String owner = cluster.awaitMasterSecretServer();
        try (SsoClient client = client()) {
            Awaitility.await()
                    .atMost(Timing.forWaiting())
                    .until(() -> client.servers().size() == 3);
            client.createApplication(NewApplication.withUserIdAndPassword("Payroll", "LOCAL\\users", "LOCAL\\admins"));
            client.enableApplication("Payroll");
            client.addGroupMember("LOCAL\\users", "LOCAL\\alice");
            client.createMapping("Payroll", "LOCAL\\alice", "alice-ext");
            client.setCredentials("Payroll", "LOCAL\\alice", Map.of(1, "first".toCharArray()));
            try (SsoClient alice = clientOf("LOCAL\\alice");
                    SsoCredentials c = alice.getCredentials("Payroll")) {
                assertThat(c.externalUser()).isEqualTo("alice-ext");
                assertThat(c.field(1)).isEqualTo("first".toCharArray());
            }

            cluster.crash(owner);
            try (SsoClient alice = clientOf("LOCAL\\alice");
                    SsoCredentials c = alice.getCredentials("Payroll")) {
                assertThat(c.field(1)).isEqualTo("first".toCharArray()); // no MSS needed to read
            }
            // Retried by the client library until the standby's Master Secret Service accepts it.
            client.setCredentials("Payroll", "LOCAL\\alice", Map.of(1, "second".toCharArray()));
            assertThat(cluster.awaitMasterSecretServer()).isNotEqualTo(owner);
            try (SsoClient alice = clientOf("LOCAL\\alice");
                    SsoCredentials c = alice.getCredentials("Payroll", true)) {
                assertThat(c.field(1)).isEqualTo("second".toCharArray());
            }
        }
    }

    @Test
    void whenTheOwnerStopsCleanly_thenAStandbyBecomesTheMasterSecretServer() {
        String owner = cluster.awaitMasterSecretServer();
        long epoch = cluster.admin().group(EntssoGroup.NAME).epoch();
        cluster.stop(owner);
        String next = cluster.awaitMasterSecretServer();
        assertThat(next).isNotEqualTo(owner);
        assertThat(cluster.admin().group(EntssoGroup.NAME).epoch()).isGreaterThan(epoch);
        awaitHealth(next, 200);
    }

    @Test
    void whenAnSsoServerRestartsWithNoMasterSecretServerOnline_thenOnlyThatServerCannotDecryptUntilOneIsBack() {
        String owner = cluster.awaitMasterSecretServer();
        String restarted = cluster.runningNodes().stream()
                .filter(n -> !n.equals(owner))
                .findFirst()
                .orElseThrow();
        String other = cluster.runningNodes().stream()
                .filter(n -> !n.equals(owner) && !n.equals(restarted))
                .findFirst()
                .orElseThrow();
        awaitHealth(restarted, 429);
        cluster.admin().stopGroup(EntssoGroup.NAME, Timing.forWaiting());

        cluster.stop(restarted);
        cluster.startNode(restarted);
        awaitHealth(restarted, 503); // no secret: decryption refused (10532)
        awaitHealth(other, 474); // still serving from its cached secret

        cluster.admin().startGroup(EntssoGroup.NAME, Timing.forWaiting());
        awaitHealth(restarted, 429);
    }
}
