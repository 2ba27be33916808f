package org.entsso.sso.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.client.ScriptedServer.Reply;
import org.entsso.sso.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery without ZooKeeper: the client starts from its seed servers and keeps its list from {@code GET
 * /v1/sys/nodes} of any reachable server (real mutual-TLS servers on loopback answering as docs/api.md says). The real
 * endpoint over a real cluster is tested in the node module and, from the client's own classpath, in failover-tests.
 */
class SeedDiscoveryTest {
    private static final String CREDENTIALS = "/v1/applications/App1/credentials";
    private static final String NODES = "/v1/sys/nodes";
    private static final String ANSWER = "{\"application\":\"App1\",\"account\":\"CONTOSO\\\\alice\","
            + "\"externalUser\":\"ext\",\"fields\":{\"1\":\"v\"}}";

    private final TestPki pki = new TestPki();
    private final ScriptedServer api1 = server("node1");
    private final ScriptedServer api2 = server("node2");
    private final ScriptedServer api3 = server("node3");
    private SsoClient client;

    private ScriptedServer server(String node) {
        return new ScriptedServer(pki.ssoServer(node), CREDENTIALS, NODES).script(CREDENTIALS, Reply.ok(ANSWER));
    }

    private static Reply nodes(ScriptedServer... servers) {
        return Reply.ok(List.of(servers).stream()
                .map(s -> "{\"name\":\"n\",\"endpoint\":\"" + s.endpoint() + "\"}")
                .collect(Collectors.joining(",", "{\"nodes\":[", "]}")));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        api3.close();
        api2.close();
        api1.close();
    }

    private SsoClient open(URI... seeds) {
        client = SsoClient.open(
                ClientConfig.builder()
                        .servers(List.of(seeds))
                        .discoveryInterval(Duration.ofMillis(100))
                        .requestTimeout(TestPki.DEADLINE)
                        .build(),
                pki.client("CONTOSO\\alice"));
        return client;
    }

    @Test
    void fromOneSeed_theClientFindsEveryServerTheClusterLists_andReadsFromThem() {
        api1.script(NODES, nodes(api1, api2, api3));
        open(api1.endpoint());

        await("the servers api1 lists")
                .atMost(Timing.forWaiting())
                .until(() -> client.servers().size() == 3);
        assertThat(client.servers()).containsExactly(api1.endpoint(), api2.endpoint(), api3.endpoint());
        for (int i = 0; i < 9; i++) {
            client.getCredentials("App1").clear();
        }
        assertThat(api1.received().stream().filter(r -> r.uri().startsWith(CREDENTIALS)))
                .as("reads spread beyond the seed")
                .hasSizeLessThan(9);
    }

    @Test
    void whenTheSeedIsGone_theListIsRefreshedFromAnotherReachableServer() {
        api1.script(NODES, nodes(api1, api2));
        api2.script(NODES, nodes(api2, api3));
        open(api1.endpoint());
        await("api2 found through the seed")
                .atMost(Timing.forWaiting())
                .until(() -> client.servers().contains(api2.endpoint()));

        api1.close();

        // The seed stays first (it may come back) but no longer answers; api2 does, and it lists api3.
        await("api3 found through api2")
                .atMost(Timing.forWaiting())
                .until(() -> client.servers().contains(api3.endpoint()));
        for (int i = 0; i < 6; i++) {
            client.getCredentials("App1").clear();
        }
    }

    @Test
    void aServerTheClusterNoLongerLists_isDropped_andABadAnswerKeepsTheLastList() {
        api1.script(NODES, nodes(api1, api2, api3));
        open(api1.endpoint());
        await().atMost(Timing.forWaiting()).until(() -> client.servers().size() == 3);

        api1.script(NODES, nodes(api1, api2));
        await("api3 dropped")
                .atMost(Timing.forWaiting())
                .until(() -> client.servers().equals(List.of(api1.endpoint(), api2.endpoint())));

        api1.script(NODES, Reply.ok("not json"));
        api2.script(NODES, Reply.error(503, 10590, "busy"));
        int asked = api1.received().size();
        await("the bad answers were read")
                .atMost(Timing.forWaiting())
                .until(() -> api1.received().size() > asked + 2);
        assertThat(client.servers()).containsExactly(api1.endpoint(), api2.endpoint());
    }
}
