package org.entsso.cluster.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.awaitility.Awaitility;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.ScriptedResources;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("zookeeper")
class GroupOwnershipTest {
    private InProcessCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(3, "node1", "node2", "node3");
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private static GroupSpec group(String name, List<String> preferred) {
        return GroupSpec.of(
                name,
                preferred,
                List.of(
                        ResourceSpec.of(name + "-A", ScriptedResources.TYPE, Map.of()),
                        ResourceSpec.of(name + "-B", ScriptedResources.TYPE, Map.of())
                                .withDependencies("[" + name + "-A]")));
    }

    @Test
    void whenGroupIsCreated_thenItComesOnlineOnItsFirstPreferredOwner() {
        cluster.admin().createGroup(group("G", List.of("node2", "node1")));
        GroupInfo info = cluster.awaitGroup("G", "node2", GroupState.Online);
        assertThat(info.epoch()).isPositive();
    }

    @Test
    void whenMovedToANode_thenTheGroupIsOnlineThereWithALargerEpoch() {
        cluster.admin().createGroup(group("G", List.of("node1")));
        long before = cluster.awaitGroup("G", "node1", GroupState.Online).epoch();
        GroupInfo after = cluster.admin().moveGroup("G", Optional.of("node3"), Timing.forWaiting());
        assertThat(after.ownerNode()).isEqualTo("node3");
        assertThat(after.state()).isEqualTo(GroupState.Online);
        assertThat(after.epoch()).isGreaterThan(before);
    }

    @Test
    void whenMovedToANodeBehindAnotherInTheElection_thenThatOtherStepsBehindItAndOnlyTheTargetLeads() throws Exception {
        cluster.admin().createGroup(group("G", List.of("node1")));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        List<String> queue = awaitElectionQueue("G", 3);
        String ahead = queue.get(1);
        String target = queue.get(2);
        Instant before = Instant.now();

        GroupInfo after = cluster.admin().moveGroup("G", Optional.of(target), Timing.forWaiting());

        assertThat(after.ownerNode()).isEqualTo(target);
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .until(() -> events("G", "ELECTED", before).contains(target));
        assertThat(events("G", "ELECTED", before))
                .as("who led the election after the move: " + ahead + " stepped behind the target, so it never led")
                .containsExactly(target);
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> events("G", "ELECTION", before).contains(ahead));
    }

    /** WSFC's Open comes when the node takes the group: a dependent prepares while its dependency comes online. */
    @Test
    void whenANodeTakesTheGroup_thenEveryResourceIsOpenedBeforeItsDependencyIsOnline() {
        ScriptedResources.Gate a = cluster.scripted().gateOnline("G-A");
        cluster.admin().createGroup(group("G", List.of("node2")));
        Awaitility.await().atMost(Timing.forWaiting()).until(() -> a.arrived() == 1);

        assertThat(cluster.scripted().calls("G-B", "Opened"))
                .as("G-B opened while G-A's Online is still held")
                .hasSize(1)
                .allSatisfy(c -> assertThat(c.node()).isEqualTo("node2"));
        assertThat(cluster.scripted().calls("G-B", "OnlineCalled")).isEmpty();

        a.releaseAll();
        cluster.awaitGroup("G", "node2", GroupState.Online);
        assertThat(cluster.scripted().calls("G-B", "Opened"))
                .as("opened once per term")
                .hasSize(1);
    }

    /** The nodes of {@code kind}'s events of {@code group} since {@code since}, oldest first. */
    private List<String> events(String group, String kind, Instant since) {
        return cluster.admin().log(Optional.empty(), null).stream()
                .filter(e -> group.equals(e.group())
                        && kind.equals(e.kind())
                        && !e.time().isBefore(since))
                .map(ClusterEvent::node)
                .toList();
    }

    /** The ids in {@code group}'s election, in queue order, once {@code size} nodes joined it. */
    private List<String> awaitElectionQueue(String group, int size) throws Exception {
        try (CuratorFramework client = cluster.connection().newCuratorClient()) {
            client.start();
            List<List<String>> seen = new ArrayList<>(List.of(List.of()));
            Awaitility.await().atMost(Timing.forWaiting()).until(() -> {
                List<String> children = new ArrayList<>(client.getChildren().forPath(ZkPaths.latch(group)));
                children.sort(Comparator.comparing(c -> c.substring(c.lastIndexOf('-') + 1)));
                List<String> ids = new ArrayList<>();
                for (String c : children) {
                    ids.add(new String(
                            client.getData().forPath(ZkPaths.latch(group) + "/" + c), StandardCharsets.UTF_8));
                }
                seen.set(0, ids);
                return ids.size() == size;
            });
            return seen.get(0);
        }
    }

    @Test
    void whenOwnerCrashes_thenTheNextPreferredOwnerTakesTheGroup() {
        cluster.admin().createGroup(group("G", List.of("node1", "node3", "node2")));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        cluster.crash("node1");
        cluster.awaitGroup("G", "node3", GroupState.Online);
    }
}
