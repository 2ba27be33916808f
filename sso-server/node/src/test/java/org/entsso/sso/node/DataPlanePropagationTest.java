package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.testing.SsoTestCluster;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.TlsMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 9 across three SSO servers: a change made on one server (SSO disabled system wide, a user removed
 * from a group, a mapping deleted, an application deleted) changes what every server answers, including the ones that
 * had the old answer cached. How fast is a benchmark's question (DataPlaneFigures, failover-tests/BENCHMARKS.md); here
 * each server must answer the new decision within the waiting bound.
 */
@Tag("zookeeper")
class DataPlanePropagationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "LOCAL\\alice";
    private static final String USERS = "LOCAL\\Propagation Users";
    private static final List<String> NODES = List.of("node1", "node2", "node3");

    @TempDir
    static Path dir;

    private static SsoTestCluster cluster;
    private static TlsMaterial admin;
    private static final Map<String, TlsMaterial> accounts = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = SsoTestCluster.start(dir, 3);
        admin = cluster.administratorTls();
        cluster.awaitMasterSecretServer();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static HttpResponse<String> send(TlsMaterial as, String node, String method, String path, String body)
            throws Exception {
        return TestPki.send(as, method, cluster.node(node).apiEndpoint().resolve(path), body);
    }

    private static HttpResponse<String> ok(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
        return answer;
    }

    private static TlsMaterial alice() {
        return accounts.computeIfAbsent(ALICE, cluster::clientTls);
    }

    /** Every server answers {@code path} for Alice with {@code code} (0: success), waiting for each. */
    private static void everyServerAnswers(String path, int code) {
        for (String node : NODES) {
            Awaitility.await(node + " answers " + code + " to " + path)
                    .atMost(Timing.forWaiting())
                    .pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> code(send(alice(), node, "GET", path, null)) == code);
        }
    }

    private static int code(HttpResponse<String> answer) throws Exception {
        return answer.statusCode() < 300
                ? 0
                : JSON.readTree(answer.body()).path("code").asInt(-1);
    }

    private static String individualApp(String name) throws Exception {
        ok(send(admin, "node1", "PUT", "/v1/groups/LOCAL%5CPropagation%20Users/members/LOCAL%5Calice", null));
        ok(send(admin, "node1", "POST", "/v1/applications", """
                {"name": "%s", "userGroups": ["LOCAL\\\\Propagation Users"], "adminGroups": ["LOCAL\\\\admins"],
                 "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]}""".formatted(name)));
        ok(send(admin, "node1", "POST", "/v1/applications/" + name + "/enable", ""));
        ok(send(alice(), "node1", "POST", "/v1/applications/" + name + "/mappings", """
                {"account": "LOCAL\\\\alice", "externalUser": "alice-ext"}"""));
        ok(send(alice(), "node1", "PUT", "/v1/applications/" + name + "/mappings/LOCAL%5Calice/credentials", """
                {"fields": {"1": "pw"}}"""));
        return name;
    }

    @Test
    void globalDisable_isEnforcedOnEveryServer_andLiftedEverywhereByEnable() throws Exception {
        String lookup = "/v1/applications/" + individualApp("Global1") + "/credentials";
        everyServerAnswers(lookup, 0); // cached on every server now
        ok(send(admin, "node2", "POST", "/v1/global/disable", ""));
        try {
            everyServerAnswers(lookup, 10754);
        } finally {
            ok(send(admin, "node3", "POST", "/v1/global/enable", ""));
        }
        everyServerAnswers(lookup, 0);
    }

    @Test
    void aGroupChange_reachesEveryServer() throws Exception {
        ok(send(admin, "node1", "PUT", "/v1/groups/LOCAL%5CPropagation%20Users/members/LOCAL%5Calice", null));
        ok(send(admin, "node1", "POST", "/v1/applications", """
                {"name": "GroupCfg", "type": "configStore", "userGroups": ["LOCAL\\\\Propagation Users"],
                 "adminGroups": ["LOCAL\\\\admins"], "fields": [{"name": "Endpoint"}]}"""));
        ok(send(admin, "node1", "POST", "/v1/applications/GroupCfg/enable", ""));
        ok(send(admin, "node1", "PUT", "/v1/config/GroupCfg/item", "{\"properties\": {\"Endpoint\": \"e\"}}"));
        String read = "/v1/config/GroupCfg/item";
        everyServerAnswers(read, 0);
        ok(send(admin, "node3", "DELETE", "/v1/groups/LOCAL%5CPropagation%20Users/members/LOCAL%5Calice", null));
        everyServerAnswers(read, 11042);
        ok(send(admin, "node2", "PUT", "/v1/groups/LOCAL%5CPropagation%20Users/members/LOCAL%5Calice", null));
        everyServerAnswers(read, 0);
    }

    @Test
    void mappingAndApplicationDeletes_dropEveryServersCachedCredentials() throws Exception {
        String lookup = "/v1/applications/" + individualApp("Deletes1") + "/credentials";
        everyServerAnswers(lookup, 0);
        ok(send(alice(), "node2", "POST", "/v1/applications/Deletes1/mappings/LOCAL%5Calice/disable", ""));
        ok(send(alice(), "node2", "DELETE", "/v1/applications/Deletes1/mappings/LOCAL%5Calice", null));
        everyServerAnswers(lookup, 10757);

        String other = "/v1/applications/" + individualApp("Deletes2") + "/credentials";
        everyServerAnswers(other, 0);
        ok(send(admin, "node3", "DELETE", "/v1/applications/Deletes2", null));
        everyServerAnswers(other, 10756);
    }
}
