package org.entsso.cluster.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.entsso.cluster.ClusterNode;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each node's view of a group ({@link ClusterNode#observedGroups()} and its {@link GroupObserver}s) on a real
 * ensemble: every node counts a planned move as an owner change and a crash ({@code ClusterNode.crash}, the session
 * expired on the server) or a failover-policy move as an owner change and a failover.
 */
@Tag("zookeeper")
class GroupObserverTest {
    private InProcessCluster cluster;
    /** The last observation each node's observer heard of group G. */
    private final Map<String, GroupObservation> heard = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(3);
        for (String node : List.of("node1", "node2", "node3")) {
            cluster.startNode(
                    node,
                    b -> b.groupObserver(o -> {
                        if (o.group().equals("G")) {
                            heard.put(node, o);
                        }
                    }));
        }
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private GroupObservation view(String node) {
        return cluster.node(node).observedGroups().stream()
                .filter(o -> o.group().equals("G"))
                .findFirst()
                .orElse(null);
    }

    /** Waits until every named node sees G Online on {@code owner} with these counts, and its observer heard it. */
    private void awaitView(List<String> nodes, String owner, long ownerChanges, long failovers) {
        long epoch = cluster.awaitGroup("G", owner, GroupState.Online).epoch();
        GroupObservation expected = new GroupObservation("G", owner, GroupState.Online, epoch, ownerChanges, failovers);
        for (String node : nodes) {
            Awaitility.await(node + " sees " + expected)
                    .atMost(Timing.forWaiting())
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> {
                        assertThat(view(node)).isEqualTo(expected);
                        assertThat(heard.get(node)).isEqualTo(expected);
                    });
        }
    }

    @Test
    void whenTheGroupMovesAndThenItsOwnerCrashes_thenEveryNodeCountsTwoOwnerChangesAndOneFailover() {
        cluster.admin().createGroup(Specs.group("G", List.of("node1", "node2", "node3"), List.of(Specs.scripted("R"))));
        awaitView(List.of("node1", "node2", "node3"), "node1", 0, 0); // the first owner is each node's baseline

        cluster.admin().moveGroup("G", Optional.of("node2"), Timing.forWaiting());
        awaitView(List.of("node1", "node2", "node3"), "node2", 1, 0);

        cluster.crash("node2");
        String next = cluster.awaitGroup("G", null, GroupState.Online).ownerNode();
        assertThat(next).isNotEqualTo("node2");
        awaitView(List.of("node1", "node3"), next, 2, 1);
    }

    @Test
    void whenTheFailoverPolicyMovesTheGroup_thenItCountsAsAFailover() {
        cluster.admin()
                .createGroup(Specs.group(
                        "G",
                        List.of("node1", "node2", "node3"),
                        List.of(Specs.scripted("R", "RestartThreshold", "0"))));
        awaitView(List.of("node1", "node2", "node3"), "node1", 0, 0);

        cluster.admin().failResource("R", Timing.shortWait()); // no restart left: the group fails over
        awaitView(List.of("node1", "node2", "node3"), "node2", 1, 1);
    }
}
