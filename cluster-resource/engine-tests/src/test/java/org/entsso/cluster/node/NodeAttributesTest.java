package org.entsso.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.awaitility.Awaitility;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Node attributes ride on the membership record: readers see them while the node is a member, never after. */
@Tag("zookeeper")
class NodeAttributesTest {
    private InProcessCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(1);
        cluster.startNode("node1", b -> b.attribute("SsoEndpoint", "https://127.0.0.1:7001"));
        cluster.startNode("node2");
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private NodeInfo node(String name) {
        return cluster.admin().nodes().stream()
                .filter(n -> n.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void whenANodeAdvertisesAnAttribute_thenReadersSeeItUntilTheNodeIsDown() {
        assertThat(node("node1").attributes()).isEqualTo(Map.of("SsoEndpoint", "https://127.0.0.1:7001"));
        assertThat(node("node2").attributes()).isEmpty();

        cluster.crash("node1");
        Awaitility.await().atMost(Timing.forWaiting()).until(() -> node("node1").state() == NodeState.Down);
        assertThat(node("node1").attributes()).isEmpty();
    }

    /** Issue 9: an SSO server advertises its endpoint only once it can serve, after its node joined. */
    @Test
    void whenARunningNodeSetsAnAttribute_thenReadersSeeItAtOnce() {
        cluster.node("node2").setAttribute("SsoEndpoint", "https://127.0.0.1:7002");

        assertThat(node("node2").attributes()).isEqualTo(Map.of("SsoEndpoint", "https://127.0.0.1:7002"));
        assertThat(node("node2").state()).isEqualTo(NodeState.Up);
    }
}
