package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
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
 * sso-server/docs/metrics.md on whole nodes (a real ZooKeeper ensemble, a shared H2 TCP server, three nodes serving
 * {@code /metrics} over plain HTTP): the meters are there and move with the work. Lookups move the lookup and cache
 * meters of the server that answers them, forwarded writes move the master secret server's; a planned move and then a
 * crash of the owner ({@code ClusterNode.crash}: its session expired on the server) move the role gauges and each
 * observing node's owner-change and failover counters. No scrape ever shows the password the test stores.
 */
@Tag("zookeeper")
class NodeMetricsTest {
    private static final String APP = "Payroll";
    private static final String ALICE = "LOCAL\\alice";
    /** Stored as alice's password: it must never appear in a scrape. */
    private static final String SECRET = "Quokka-Secret-7731";

    private static final String ENTSSO = EntssoGroup.NAME;

    private final HttpClient plain =
            HttpClient.newBuilder().proxy(ProxySelector.of(null)).build();

    @TempDir
    Path dir;

    private SsoTestCluster cluster;
    private TlsMaterial admin;
    private final java.util.Map<String, TlsMaterial> accounts = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        cluster = SsoTestCluster.startWithMetrics(dir, 3);
        admin = cluster.administratorTls();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void whenLookupsAndWritesRun_thenTheLookupCacheAndForwardedWriteMetersMove() throws Exception {
        String owner = cluster.awaitMasterSecretServer();
        String reader = others(owner).get(0);
        awaitScrape(reader, s -> assertThat(s.value("entsso_keyring_present")).isEqualTo(1));
        try (SsoClient client = clientOf(reader)) {
            client.createApplication(NewApplication.withUserIdAndPassword(APP, "LOCAL\\users", "LOCAL\\admins"));
            client.enableApplication(APP);
            client.addGroupMember("LOCAL\\users", ALICE);
            client.createMapping(APP, ALICE, "alice-ext");
            client.setCredentials(APP, ALICE, Map.of(1, SECRET.toCharArray())); // forwarded by reader to owner
        }
        PrometheusScrape before = scrape(reader);

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> found = lookup(reader, "LOCAL%5Calice");
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.body()).contains(SECRET); // the API answers it; the metrics must not
        }
        assertThat(lookup(reader, "LOCAL%5Cnobody").statusCode()).isEqualTo(404);
        PrometheusScrape after = scrape(reader);

        String[] found = {"kind", "credentials", "outcome", "found"};
        assertThat(after.value("entsso_lookups_seconds_count", found))
                .isEqualTo(before.valueOrZero("entsso_lookups_seconds_count", found) + 3);
        assertThat(after.has("entsso_lookups_seconds_bucket", found)).isTrue();
        String[] notFound = {"kind", "credentials", "outcome", "not_found"};
        assertThat(after.value("entsso_lookups_seconds_count", notFound))
                .isEqualTo(before.valueOrZero("entsso_lookups_seconds_count", notFound) + 1);
        // Each of the 4 credential lookups asked the cache once: a hit or a miss, depending on when the write's purge
        // signal arrived.
        assertThat(after.value("entsso_cache_hits_total") + after.value("entsso_cache_misses_total"))
                .isEqualTo(before.value("entsso_cache_hits_total") + before.value("entsso_cache_misses_total") + 4);
        Awaitility.await("a cache hit on " + reader)
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    assertThat(lookup(reader, "LOCAL%5Calice").statusCode()).isEqualTo(200);
                    assertThat(scrape(reader).value("entsso_cache_hits_total"))
                            .isGreaterThan(after.value("entsso_cache_hits_total"));
                });
        assertThat(after.value("entsso_http_pool_active", "server", "api", "pool", "lookups"))
                .isGreaterThanOrEqualTo(0);
        assertThat(after.has("jvm_threads_live_threads")).isTrue();

        long epoch = cluster.admin().group(ENTSSO).epoch();
        PrometheusScrape mss = scrape(owner);
        assertThat(mss.value("entsso_mss_active")).isEqualTo(1);
        assertThat(mss.value("entsso_mss_epoch")).isEqualTo(epoch);
        assertThat(mss.value("entsso_mss_writes_seconds_count", "operation", "set_credentials", "outcome", "applied"))
                .isEqualTo(1);
        assertThat(mss.value("entsso_mss_fenced_refusals_total", "operation", "set_credentials"))
                .isZero();
        // The master secret server's own HTTPS server: the forwarded write and the SSO servers' keyring fetches.
        assertThat(mss.value("entsso_http_requests_seconds_count", "server", "mss", "pool", "writes", "status", "204"))
                .isGreaterThanOrEqualTo(1);
        assertThat(mss.value("entsso_http_requests_seconds_count", "server", "mss", "pool", "keyring", "status", "200"))
                .isGreaterThanOrEqualTo(2);
        assertThat(mss.value("entsso_http_pool_active", "server", "mss", "pool", "keyring"))
                .isGreaterThanOrEqualTo(0);
        assertThat(mss.value("entsso_reencryption_remaining")).isZero();
        assertThat(mss.value("entsso_reencryption_rows_total")).isZero();
        assertThat(after.value("entsso_mss_active")).isZero();
        assertThat(after.value("entsso_mss_epoch")).isEqualTo(-1);
        assertThat(after.value("entsso_keyring_epoch")).isEqualTo(epoch);
        assertThat(after.value("entsso_msid_age_seconds")).isBetween(0.0, 3600.0);
        assertThat(after.value("entsso_keyring_refresh_failing")).isZero();
        assertThat(after.value("entsso_database_availability", "state", "online"))
                .isEqualTo(1);
        assertThat(after.value("entsso_database_outage_grace_remaining_seconds"))
                .isEqualTo(
                        cluster.config(reader).lookups().databaseOutageGrace().toSeconds());
        for (String node : cluster.runningNodes()) {
            awaitScrape(node, s -> {
                assertThat(s.value("entsso_cluster_group_state", "group", ENTSSO, "state", "online"))
                        .isEqualTo(1);
                assertThat(s.value("entsso_cluster_group_epoch", "group", ENTSSO))
                        .isEqualTo(epoch);
                assertThat(s.value("entsso_cluster_group_owned", "group", ENTSSO))
                        .isEqualTo(node.equals(owner) ? 1 : 0);
            });
        }
    }

    @Test
    void whenTheMasterSecretServerMovesAndThenItsNodeCrashes_thenTheRoleGaugesAndFailoverCountersFollow()
            throws Exception {
        String first = cluster.awaitMasterSecretServer();
        String second = others(first).get(0);
        Map<String, Double> changes = new HashMap<>();
        Map<String, Double> failovers = new HashMap<>();
        for (String node : cluster.runningNodes()) {
            awaitScrape(node, s -> {
                assertThat(s.value("entsso_cluster_group_owned", "group", ENTSSO))
                        .isEqualTo(node.equals(first) ? 1 : 0);
                changes.put(node, s.value("entsso_cluster_group_owner_changes_total", "group", ENTSSO));
                failovers.put(node, s.value("entsso_cluster_group_failovers_total", "group", ENTSSO));
            });
        }

        cluster.admin().moveGroup(ENTSSO, Optional.of(second), Timing.forWaiting()); // planned: not a failover
        awaitRole(second, true);
        awaitRole(first, false);
        for (String node : cluster.runningNodes()) {
            awaitCounters(node, changes.get(node) + 1, failovers.get(node));
        }

        cluster.crash(second);
        String third = cluster.awaitMasterSecretServer();
        assertThat(third).isNotEqualTo(second);
        String bystander = others(third).get(0);
        awaitRole(third, true);
        awaitRole(bystander, false);
        for (String node : List.of(third, bystander)) {
            awaitCounters(node, changes.get(node) + 2, failovers.get(node) + 1);
        }

        // Writes resume on the new master secret server (the client library retries them) and are metered there.
        try (SsoClient client = clientOf(bystander)) {
            client.createApplication(NewApplication.withUserIdAndPassword(APP, "LOCAL\\users", "LOCAL\\admins"));
            client.enableApplication(APP);
            client.addGroupMember("LOCAL\\users", ALICE);
            client.createMapping(APP, ALICE, "alice-ext");
            client.setCredentials(APP, ALICE, Map.of(1, SECRET.toCharArray()));
        }
        long epoch = cluster.admin().group(ENTSSO).epoch();
        awaitScrape(third, s -> {
            assertThat(s.value("entsso_mss_epoch")).isEqualTo(epoch);
            assertThat(s.value("entsso_mss_writes_seconds_count", "operation", "set_credentials", "outcome", "applied"))
                    .isEqualTo(1);
        });
        awaitScrape(bystander, s -> assertThat(s.value("entsso_keyring_epoch")).isEqualTo(epoch));
    }

    private void awaitRole(String node, boolean active) {
        awaitScrape(node, s -> {
            assertThat(s.value("entsso_mss_active")).isEqualTo(active ? 1 : 0);
            if (!active) {
                assertThat(s.value("entsso_mss_epoch")).isEqualTo(-1);
            }
            assertThat(s.value("entsso_cluster_group_owned", "group", ENTSSO)).isEqualTo(active ? 1 : 0);
            // The master secret endpoint is the node's, not the term's: a standby's pools are there too.
            assertThat(s.has("entsso_http_pool_active", "server", "mss", "pool", "writes"))
                    .isTrue();
        });
    }

    private void awaitCounters(String node, double ownerChanges, double failovers) {
        awaitScrape(node, s -> {
            assertThat(s.value("entsso_cluster_group_owner_changes_total", "group", ENTSSO))
                    .isEqualTo(ownerChanges);
            assertThat(s.value("entsso_cluster_group_failovers_total", "group", ENTSSO))
                    .isEqualTo(failovers);
            assertThat(s.value("entsso_cluster_group_state", "group", ENTSSO, "state", "online"))
                    .isEqualTo(1);
        });
    }

    private void awaitScrape(String node, Consumer<PrometheusScrape> assertion) {
        Awaitility.await(node + " metrics")
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertion.accept(scrape(node)));
    }

    /** GET /metrics over plain HTTP; every scrape is checked for the stored password. */
    private PrometheusScrape scrape(String node) throws Exception {
        URI uri = cluster.metricsEndpoint(node).resolve(MetricsServer.METRICS);
        HttpResponse<String> answer = plain.send(
                HttpRequest.newBuilder(uri).timeout(TestPki.DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("node=\"" + node + "\"").doesNotContain(SECRET);
        return PrometheusScrape.parse(answer.body());
    }

    /** The account's own lookup ({@code account} percent-encoded), with its own certificate. */
    private HttpResponse<String> lookup(String node, String account) throws Exception {
        String principal = java.net.URLDecoder.decode(account, java.nio.charset.StandardCharsets.UTF_8);
        TlsMaterial own = accounts.computeIfAbsent(principal, cluster::clientTls);
        return TestPki.get(own, cluster.node(node).apiEndpoint().resolve("/v1/applications/" + APP + "/credentials"));
    }

    private List<String> others(String node) {
        return cluster.runningNodes().stream().filter(n -> !n.equals(node)).toList();
    }

    private SsoClient clientOf(String node) {
        Path adminDir = dir.resolve("cluster").resolve("admin");
        return SsoClient.open(ClientConfig.builder()
                .tlsFiles(adminDir.resolve("admin.p12"), adminDir.resolve("admin.p12.pwd"), adminDir.resolve("ca.pem"))
                .server(cluster.node(node).apiEndpoint())
                .discovery(false) // this node's SSO server only, not the others it lists
                .build());
    }
}
