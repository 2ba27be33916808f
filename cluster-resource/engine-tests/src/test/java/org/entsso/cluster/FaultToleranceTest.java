package org.entsso.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.test.InstanceSpec;
import org.awaitility.Awaitility;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.testing.Faults;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ownership under real faults on a three-server ensemble: server-side session expiry, quorum loss (SUSPENDED), the
 * owner's ZooKeeper server killed, repeated failovers; epochs and the absence of double ownership are checked from
 * what the nodes logged.
 */
@Tag("zookeeper")
class FaultToleranceTest {
    private InProcessCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(3, "node1", "node2", "node3");
        cluster.admin()
                .createGroup(Specs.group(
                        "G",
                        List.of("node1", "node2", "node3"),
                        List.of(Specs.scripted("R"), Specs.scripted("S").withDependencies("[R]")),
                        "FailoverThreshold",
                        "100"));
        cluster.awaitGroup("G", "node1", GroupState.Online);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void whenTheOwnersSessionExpiresOnTheServer_thenTheGroupComesOnlineElsewhereAndTheOldOwnerStops() {
        long before = cluster.admin().group("G").epoch();
        Faults.expireSession(cluster.node("node1")); // the node keeps running; the server deletes its session
        var after = cluster.awaitGroup("G", "node2", GroupState.Online);
        assertThat(after.epoch()).isGreaterThan(before);
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> cluster.scripted().calls("R", "Terminate").stream()
                        .anyMatch(c -> c.node().equals("node1") && c.epoch() == before));
        assertThat(cluster.node("node1").ownedEpoch("G")).isEmpty();
        // The expired node rejoins with a new session and is Up again.
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .until(() -> cluster.admin().nodes().stream()
                        .anyMatch(n -> n.name().equals("node1") && n.state() == org.entsso.cluster.node.NodeState.Up));
    }

    @Test
    void whenQuorumIsLost_thenTheOwnerStopsActingAtOnceAndTheGroupReturnsWithQuorum() throws Exception {
        long before = cluster.admin().group("G").epoch();
        List<InstanceSpec> servers = new ArrayList<>(cluster.zookeeper().getInstances());
        cluster.ensemble().kill(servers.get(0));
        cluster.ensemble().kill(servers.get(1));
        // SUSPENDED reaches the owner well within the session timeout; it terminates its resources at once.
        Awaitility.await()
                .atMost(Timing.session().multipliedBy(2))
                .until(() -> cluster.scripted().calls("R", "Terminate").stream()
                        .anyMatch(c -> c.node().equals("node1") && c.epoch() == before));
        assertThat(cluster.node("node1").ownedEpoch("G")).isEmpty();
        cluster.ensemble().restart(servers.get(0));
        cluster.ensemble().restart(servers.get(1));
        // The status written before the outage still says Online; wait for a new term to publish its own.
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    var g = cluster.admin().group("G");
                    return g.state() == GroupState.Online && g.epoch() > before;
                });
    }

    @Test
    void whenTheZooKeeperServerTheOwnerTalksToIsKilled_thenTheGroupIsOnlineAgain() throws Exception {
        long before = cluster.admin().group("G").epoch();
        InstanceSpec ownersServer =
                cluster.zookeeper().findConnectionInstance(Faults.zooKeeperHandle(cluster.node("node1")));
        cluster.ensemble().kill(ownersServer);
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    var g = cluster.admin().group("G");
                    return g.state() == GroupState.Online && g.epoch() > before;
                });
    }

    @Test
    void whenTheGroupMoves_thenItsCheckpointIsRestoredOnTheNewOwnerBeforeOpenAndOnline() {
        cluster.scripted().saveCheckpointOnOnline("R", "state-after-node1");
        cluster.admin().moveGroup("G", Optional.of("node3"), Timing.forWaiting()); // Online on node3 saves it again
        cluster.scripted().saveCheckpointOnOnline("R", "state-after-node3");
        cluster.crash("node3");
        cluster.awaitGroup("G", null, GroupState.Online);
        var onlines = cluster.scripted().calls("R", "OnlineCalled");
        var last = onlines.get(onlines.size() - 1);
        assertThat(last.node()).isNotEqualTo("node3");
        assertThat(new String(last.checkpoint(), StandardCharsets.UTF_8)).isEqualTo("state-after-node1");
        var opens = cluster.scripted().calls("R", "Opened");
        var opened = opens.get(opens.size() - 1);
        assertThat(opened.node()).isEqualTo(last.node());
        assertThat(opened.checkpoint())
                .as("restored before Open, so that a type may prepare from it")
                .isNotNull();
        assertThat(new String(opened.checkpoint(), StandardCharsets.UTF_8)).isEqualTo("state-after-node1");
    }

    @Test
    void acrossRepeatedFailovers_epochsStrictlyIncreaseAndNoTwoNodesHoldTheGroupOnlineAtOnce() throws Exception {
        List<Long> epochs = new ArrayList<>(List.of(cluster.admin().group("G").epoch()));
        String[] nodes = {"node1", "node2", "node3"};
        for (int round = 0; round < 6; round++) {
            String owner = cluster.admin().group("G").ownerNode();
            switch (round % 3) {
                case 0 -> Faults.expireSession(cluster.node(owner));
                case 1 -> cluster.admin().moveGroup("G", Optional.empty(), Timing.forWaiting());
                default -> {
                    cluster.crash(owner);
                    cluster.startNode(owner);
                }
            }
            long last = epochs.get(epochs.size() - 1);
            Awaitility.await()
                    .atMost(Timing.forWaiting())
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        var g = cluster.admin().group("G");
                        return g.state() == GroupState.Online && g.epoch() > last;
                    });
            epochs.add(cluster.admin().group("G").epoch());
        }
        assertThat(epochs).isSorted().doesNotHaveDuplicates();
        List<ClusterEvent> events = awaitLogsSettled();
        assertNoOverlap(events, "R");
        assertNoOverlap(events, "S");
        List<Long> ownershipEpochs = events.stream()
                .filter(e -> "OWNERSHIP".equals(e.kind()))
                .sorted(Comparator.comparing(ClusterEvent::time))
                .map(ClusterEvent::epoch)
                .toList();
        assertThat(ownershipEpochs).isSorted().doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(7);
        assertThat(nodes).contains(cluster.admin().group("G").ownerNode());
    }

    private List<ClusterEvent> awaitLogsSettled() {
        List<ClusterEvent>[] events = new List[1];
        int[] previous = {-1};
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    events[0] = cluster.admin().log(Optional.empty(), null);
                    boolean settled = events[0].size() == previous[0];
                    previous[0] = events[0].size();
                    return settled;
                });
        return events[0];
    }

    /** Replays the cluster log in time order: a resource may be online on at most one node at any moment. */
    private static void assertNoOverlap(List<ClusterEvent> events, String resource) {
        Map<String, Boolean> online = new HashMap<>();
        List<ClusterEvent> ordered = events.stream()
                .filter(e -> resource.equals(e.resource()))
                .sorted(Comparator.comparing(ClusterEvent::time))
                .toList();
        int onlines = 0;
        for (ClusterEvent e : ordered) {
            switch (e.kind()) {
                case "RESOURCE_ONLINE" -> {
                    assertThat(online.entrySet().stream()
                                    .filter(Map.Entry::getValue)
                                    .map(Map.Entry::getKey)
                                    .toList())
                            .as("nodes holding %s online when %s brought it online at %s", resource, e.node(), e.time())
                            .isEmpty();
                    online.put(e.node(), true);
                    onlines++;
                }
                case "RESOURCE_DOWN", "RESOURCE_FAILED" -> online.put(e.node(), false);
                default -> {}
            }
        }
        assertThat(onlines).as("times %s came online", resource).isGreaterThanOrEqualTo(7);
    }
}
