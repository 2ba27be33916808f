package org.entsso.sso.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.client.ScriptedServer.Reply;
import org.entsso.sso.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery of SSO servers through a real ZooKeeper ensemble and real cluster nodes ({@link InProcessCluster}): each
 * node advertises its API endpoint as the membership attribute {@code SsoEndpoint}; a stopped node leaves the list.
 */
class ZooKeeperDiscoveryTest {
    private static final String CREDENTIALS = "/v1/applications/App1/credentials";
    private static final String ANSWER = "{\"application\":\"App1\",\"account\":\"CONTOSO\\\\alice\","
            + "\"externalUser\":\"ext\",\"fields\":{\"1\":\"v\"}}";

    private final TestPki pki = new TestPki();
    private ScriptedServer api1;
    private ScriptedServer api2;
    private InProcessCluster cluster;
    private SsoClient client;

    @BeforeEach
    void start() throws Exception {
        api1 = new ScriptedServer(pki.ssoServer("node1"), CREDENTIALS).script(CREDENTIALS, Reply.ok(ANSWER));
        api2 = new ScriptedServer(pki.ssoServer("node2"), CREDENTIALS).script(CREDENTIALS, Reply.ok(ANSWER));
        cluster = InProcessCluster.start(1);
        cluster.startNode(
                "node1", b -> b.attribute("SsoEndpoint", api1.endpoint().toString()));
        cluster.startNode(
                "node2", b -> b.attribute("SsoEndpoint", api2.endpoint().toString()));
        cluster.startNode("node3"); // a cluster node without an SSO server: never listed
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        cluster.close();
        api2.close();
        api1.close();
    }

    private SsoClient open() {
        client = SsoClient.open(
                ClientConfig.builder()
                        .zookeeper(
                                cluster.connection().connectString(),
                                cluster.connection().clusterName())
                        .zookeeperPlaintext() // curator-test's ensemble has no TLS
                        .discoveryInterval(Duration.ofMillis(200))
                        .requestTimeout(TestPki.DEADLINE)
                        .build(),
                pki.client("CONTOSO\\alice"));
        return client;
    }

    @Test
    void whenNodesAdvertiseAnEndpoint_thenTheClientFindsThemAndReadsWithoutAStaticList() {
        open();

        // The first read waits for the first discovery instead of failing.
        client.getCredentials("App1").clear();
        await("both SSO servers discovered")
                .atMost(Timing.forWaiting())
                .until(() -> client.servers().size() == 2);
        assertThat(client.servers()).containsExactlyInAnyOrder(api1.endpoint(), api2.endpoint());
    }

    @Test
    void whenANodeIsStopped_thenItsServerIsDroppedAndReadsGoToTheOthers() {
        open();
        await("both SSO servers discovered")
                .atMost(Timing.forWaiting())
                .until(() -> client.servers().size() == 2);

        cluster.stopNode("node2");

        await("node2's SSO server dropped")
                .atMost(Timing.forWaiting())
                .until(() -> client.servers().equals(List.of(api1.endpoint())));
        int before = api2.received().size();
        for (int i = 0; i < 6; i++) {
            client.getCredentials("App1").clear();
        }
        assertThat(api2.received()).hasSize(before);
    }
}
