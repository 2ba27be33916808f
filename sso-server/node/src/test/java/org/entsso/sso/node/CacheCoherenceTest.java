package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.client.ClientConfig;
import org.entsso.sso.client.NewApplication;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.metrics.MetricsServer;
import org.entsso.sso.testing.PrometheusScrape;
import org.entsso.sso.testing.SsoTestCluster;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.TlsMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 7 on whole nodes (real ZooKeeper ensemble, shared H2 TCP server): a change made through one SSO server
 * drops the cached credentials on every server through the ZooKeeper purge signal, the server that handled it never
 * serves the older value after acknowledging it, health stops claiming a reachable master secret server when the
 * quorum is lost, and a restarted node is advertised only once it holds the keyring.
 */
@Tag("zookeeper")
class CacheCoherenceTest {
    private static final String APP = "Payroll";
    private static final String ALICE = "LOCAL\\alice";
    private static final String BOB = "LOCAL\\bob";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SsoTestCluster cluster;
    private TlsMaterial admin;
    private final java.util.Map<String, TlsMaterial> accounts = new java.util.concurrent.ConcurrentHashMap<>();
    private CuratorFramework zk;
    private final HttpClient plain =
            HttpClient.newBuilder().connectTimeout(TestPki.DEADLINE).build();

    @BeforeEach
    void start() throws Exception {
        cluster = SsoTestCluster.startWithMetrics(dir, 2);
        admin = cluster.administratorTls();
        zk = CuratorFrameworkFactory.builder()
                .connectString(cluster.zooKeeperConnect())
                .retryPolicy(new RetryOneTime(100))
                .namespace("entsso/test")
                .build();
        zk.start();
        cluster.awaitMasterSecretServer();
    }

    @AfterEach
    void stop() throws Exception {
        zk.close();
        cluster.close();
    }

    @Test
    void whenCredentialsAreSetThroughA_thenANeverServesTheOlderValueAndBDropsItsEntryOnThePurgeSignal()
            throws Exception {
        try (SsoClient throughA = clientOf("node1")) {
            mappingWithPassword(throughA, "v0");
            awaitPassword("node2", "v0"); // cached on B
            for (int i = 1; i <= 3; i++) {
                int signalled = purgeVersion();
                throughA.setCredentials(APP, ALICE, Map.of(1, ("v" + i).toCharArray()));
                // At once, no waiting: the forwarding server dropped its entry before it answered.
                assertThat(password("node1")).isEqualTo("v" + i);
                awaitPurgeVersionAbove(signalled);
                awaitPassword("node2", "v" + i);
            }
        }
    }

    /**
     * Issue 14: a credential write drops only its account on the other servers. Before, every write dropped the whole
     * application everywhere, twice (signal and poll), so under a few writes a second every lookup read the database.
     * Counted with B's cache meters: after alice's write and two purge polls, B still answers bob from its cache.
     */
    @Test
    void whenOneAccountIsWrittenThroughA_thenBDropsThatAccountOnly_evenAfterThePoll() throws Exception {
        try (SsoClient throughA = clientOf("node1")) {
            mappingWithPassword(throughA, "v0");
            throughA.addGroupMember("LOCAL\\users", BOB);
            throughA.createMapping(APP, BOB, "bob-ext");
            throughA.setCredentials(APP, BOB, Map.of(1, "b0".toCharArray()));
            awaitPassword("node2", ALICE, "v0");
            awaitPassword("node2", BOB, "b0");
            double hitsBefore = cacheHits("node2");
            assertThat(password("node2", BOB)).isEqualTo("b0");
            assertThat(cacheHits("node2")).as("bob is cached on B").isEqualTo(hitsBefore + 1);

            int signalled = purgeVersion();
            throughA.setCredentials(APP, ALICE, Map.of(1, "v1".toCharArray()));
            awaitPurgeVersionAbove(signalled);
            awaitPassword("node2", ALICE, "v1");
            // Two database polls (1 s apart) have seen the new purge id, which the signal's step accounts for.
            Thread.sleep(2 * SsoNode.PURGE_POLL.toMillis() + 500);

            double hits = cacheHits("node2");
            double misses = cacheMisses("node2");
            assertThat(password("node2", BOB)).isEqualTo("b0");
            assertThat(cacheHits("node2"))
                    .as("bob still answered from B's cache")
                    .isEqualTo(hits + 1);
            assertThat(cacheMisses("node2")).isEqualTo(misses);
        }
    }

    @Test
    void whenAMappingIsDisabledOnA_thenBDropsItsCachedEntry() throws Exception {
        try (SsoClient throughA = clientOf("node1")) {
            mappingWithPassword(throughA, "v0");
            awaitPassword("node2", "v0");
            int signalled = purgeVersion();

            HttpResponse<String> disabled =
                    TestPki.post(admin, api("node1", "/v1/applications/Payroll/mappings/LOCAL%5Calice/disable"));
            assertThat(disabled.statusCode()).isEqualTo(200);

            assertThat(lookup("node1").statusCode()).isEqualTo(409);
            awaitPurgeVersionAbove(signalled);
            // Before issue 9 B served its cached copy for up to 60 minutes: a disabled mapping changed no purge id.
            awaitLookupCode("node2", 10764);
        }
    }

    @Test
    void whenAnApplicationIsDisabledOnA_thenBDropsItsCachedEntry() throws Exception {
        try (SsoClient throughA = clientOf("node1")) {
            mappingWithPassword(throughA, "v0");
            awaitPassword("node2", "v0");
            int signalled = purgeVersion();

            assertThat(TestPki.post(admin, api("node1", "/v1/applications/Payroll/disable"))
                            .statusCode())
                    .isEqualTo(200);

            assertThat(lookup("node1").statusCode()).isEqualTo(409);
            awaitPurgeVersionAbove(signalled);
            awaitLookupCode("node2", 10755);
        }
    }

    @Test
    void whenATicketIsIssuedOnA_thenBRedeemsIt_andBothKeepWorkingAfterTheMasterSecretServerStops() throws Exception {
        try (SsoClient client = clientOf("node1")) {
            mappingWithPassword(client, "pw-ticket");
        }
        assertThat(TestPki.send(admin, "PUT", api("node1", "/v1/global"), "{\"allowTickets\": true}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(TestPki.send(admin, "PATCH", api("node1", "/v1/applications/" + APP), """
                        {"flags": 32, "flagMask": 32}""")
                        .statusCode())
                .isEqualTo(200);
        TlsMaterial alice = cluster.clientTls(ALICE);
        String sender = "\"sender\": \"" + ALICE.replace("\\", "\\\\") + "\"";

        // Issued on one server, redeemed on the other (sealed under the shared master secret).
        HttpResponse<String> issued = TestPki.send(alice, "POST", api("node1", "/v1/tickets"), null);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String ticket = JSON.readTree(issued.body()).get("ticket").asText();
        String redeem = "{\"ticket\": \"" + ticket + "\", " + sender + "}";
        HttpResponse<String> redeemed =
                TestPki.send(admin, "POST", api("node2", "/v1/applications/" + APP + "/tickets/redeem"), redeem);
        assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(200);
        assertThat(JSON.readTree(redeemed.body()).get("fields").get("1").asText())
                .isEqualTo("pw-ticket");

        // The master secret server's node stops: the ticket still redeems on the survivor, which issues new ones
        // once it serves the master secret itself.
        String owner = cluster.awaitMasterSecretServer();
        String survivor = owner.equals("node1") ? "node2" : "node1";
        cluster.stop(owner);
        assertThat(TestPki.send(admin, "POST", api(survivor, "/v1/applications/" + APP + "/tickets/redeem"), redeem)
                        .statusCode())
                .isEqualTo(200);
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .ignoreExceptions()
                .until(() -> cluster.awaitMasterSecretServer().equals(survivor));
        HttpResponse<String> again = TestPki.send(alice, "POST", api(survivor, "/v1/tickets"), null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        String second = JSON.readTree(again.body()).get("ticket").asText();
        assertThat(TestPki.send(
                                admin,
                                "POST",
                                api(survivor, "/v1/applications/" + APP + "/tickets/redeem"),
                                "{\"ticket\": \"" + second + "\", " + sender + "}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void whenTheZooKeeperQuorumIsLost_thenNoNodeClaimsAReachableMasterSecretServer() throws Exception {
        for (String node : List.of("node1", "node2")) {
            awaitHealth(node, Timing.forWaiting(), 200, 429);
        }
        var ensemble = cluster.ensemble();
        var lost = ensemble.servers().getInstances().stream().limit(2).toList();
        for (var server : lost) {
            ensemble.kill(server);
        }

        // Both hold the secret and serve from it; neither can know an MSS is online (474), and the owner is not
        // active any more. Before issue 9 every node said 429 for 11 s, longer than the session timeout.
        for (String node : List.of("node1", "node2")) {
            awaitHealth(node, Timing.session(), 474);
        }

        // Recovery is automatic when the quorum returns (DESIGN.md, "What clients see"); it also lets the nodes
        // leave the cluster at once when the test closes them, instead of waiting out their retries.
        for (var server : lost) {
            ensemble.restart(server);
        }
        for (String node : List.of("node1", "node2")) {
            awaitHealth(node, Timing.forWaiting(), 200, 429);
        }
    }

    @Test
    void whenANodeRestartsWithNoMasterSecretServerOnline_thenItIsAdvertisedOnlyOnceItHoldsTheKeyring() {
        String owner = cluster.awaitMasterSecretServer();
        String restarted = owner.equals("node1") ? "node2" : "node1";
        awaitAdvertised(restarted, true);
        cluster.admin().stopGroup(EntssoGroup.NAME, Timing.forWaiting());

        cluster.stop(restarted);
        cluster.startNode(restarted);
        awaitHealth(restarted, Timing.forWaiting(), 503); // up and answering, but no keyring (10532)
        assertThat(membership(restarted).state().name()).isEqualTo("Up");
        assertThat(membership(restarted).attributes()).doesNotContainKey(SsoNode.ENDPOINT_ATTRIBUTE);

        cluster.admin().startGroup(EntssoGroup.NAME, Timing.forWaiting());
        awaitAdvertised(restarted, true);
        assertThat(health(restarted)).isIn(200, 429);
    }

    private SsoClient clientOf(String node) {
        Path adminDir = dir.resolve("cluster").resolve("admin");
        return SsoClient.open(ClientConfig.builder()
                .tlsFiles(adminDir.resolve("admin.p12"), adminDir.resolve("admin.p12.pwd"), adminDir.resolve("ca.pem"))
                .server(cluster.node(node).apiEndpoint())
                .discovery(false) // this node's SSO server only, not the others it lists
                .build());
    }

    private void mappingWithPassword(SsoClient client, String password) {
        client.createApplication(NewApplication.withUserIdAndPassword(APP, "LOCAL\\users", "LOCAL\\admins"));
        client.enableApplication(APP);
        client.addGroupMember("LOCAL\\users", ALICE);
        client.createMapping(APP, ALICE, "alice-ext");
        client.setCredentials(APP, ALICE, Map.of(1, password.toCharArray()));
    }

    private URI api(String node, String path) {
        return cluster.node(node).apiEndpoint().resolve(path);
    }

    private HttpResponse<String> lookup(String node) throws Exception {
        return lookup(node, ALICE);
    }

    /** The account's own lookup, with its own certificate (nobody reads another account's credentials). */
    private HttpResponse<String> lookup(String node, String account) throws Exception {
        TlsMaterial own = accounts.computeIfAbsent(account, cluster::clientTls);
        return TestPki.get(own, api(node, "/v1/applications/Payroll/credentials"));
    }

    private String password(String node) throws Exception {
        return password(node, ALICE);
    }

    private String password(String node, String account) throws Exception {
        HttpResponse<String> answer = lookup(node, account);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("fields").path("1").asText();
    }

    private double cacheHits(String node) throws Exception {
        return scrape(node).value("entsso_cache_hits_total");
    }

    private double cacheMisses(String node) throws Exception {
        return scrape(node).value("entsso_cache_misses_total");
    }

    private PrometheusScrape scrape(String node) throws Exception {
        URI uri = cluster.metricsEndpoint(node).resolve(MetricsServer.METRICS);
        HttpResponse<String> answer = plain.send(
                HttpRequest.newBuilder(uri).timeout(TestPki.DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return PrometheusScrape.parse(answer.body());
    }

    private void awaitPassword(String node, String expected) {
        awaitPassword(node, ALICE, expected);
    }

    private void awaitPassword(String node, String account, String expected) {
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(50))
                .alias(node + " serves " + expected)
                .until(() -> password(node, account).equals(expected));
    }

    private void awaitLookupCode(String node, int code) {
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(50))
                .alias(node + " answers " + code)
                .until(() -> {
                    JsonNode body = JSON.readTree(lookup(node).body());
                    return body.path("code").asInt() == code;
                });
    }

    /** The version of the application's purge znode: the signal every SSO server watches (-1 before the first). */
    private int purgeVersion() throws Exception {
        Stat stat = zk.checkExists().forPath(PurgeChannel.path(APP));
        return stat == null ? -1 : stat.getVersion();
    }

    private void awaitPurgeVersionAbove(int version) {
        Awaitility.await()
                .atMost(Timing.shortWait())
                .alias("purge signal of " + APP)
                .until(() -> purgeVersion() > version);
    }

    private int health(String node) {
        try {
            return TestPki.get(admin, api(node, "/v1/sys/health")).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private void awaitHealth(String node, Duration atMost, Integer... expected) {
        Awaitility.await()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .alias(node + " health " + List.of(expected))
                .until(() -> List.of(expected).contains(health(node)));
    }

    private NodeInfo membership(String node) {
        return cluster.admin().nodes().stream()
                .filter(n -> n.name().equals(node))
                .findFirst()
                .orElseThrow();
    }

    private void awaitAdvertised(String node, boolean advertised) {
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .alias(node + " advertised " + advertised)
                .until(() -> membership(node).attributes().containsKey(SsoNode.ENDPOINT_ATTRIBUTE) == advertised);
    }
}
