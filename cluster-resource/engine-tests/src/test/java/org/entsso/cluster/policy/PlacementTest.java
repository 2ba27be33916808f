package org.entsso.cluster.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.node.FailbackMode;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Preferred and possible owners, failback and its window, drain and resume, anti-affinity (wsfc.md §2.3-2.4, §3.2). */
@Tag("zookeeper")
class PlacementTest {
    private InProcessCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(3, "node1", "node2", "node3");
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void whenThePreferredOwnerReturns_thenTheGroupFailsBackOnlyInsideTheFailbackWindow() {
        // The manual clock starts at 10:00 UTC; the window is 22:00-02:00.
        cluster.admin()
                .createGroup(Specs.group(
                        "G",
                        List.of("node1", "node2"),
                        List.of(Specs.scripted("R")),
                        "AutoFailbackType",
                        "1",
                        "FailbackWindowStart",
                        "22",
                        "FailbackWindowEnd",
                        "2"));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        cluster.crash("node1");
        cluster.awaitGroup("G", "node2", GroupState.Online);
        cluster.startNode("node1");
        awaitNodeUp("node1");
        // Outside the window: the group stays where it is for many policy ticks.
        Awaitility.await()
                .during(Timing.scaled(Duration.ofSeconds(2)))
                .atMost(Timing.shortWait())
                .until(() -> cluster.admin().group("G").ownerNode().equals("node2"));
        cluster.clock().advance(Duration.ofHours(13)); // 23:00, inside the window that wraps midnight
        cluster.awaitGroup("G", "node1", GroupState.Online);
    }

    @Test
    void whenFailbackIsPrevented_thenTheGroupStaysOnTheNodeItFailedOverTo() {
        cluster.admin().createGroup(Specs.group("G", List.of("node1", "node2"), List.of(Specs.scripted("R"))));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        cluster.crash("node1");
        cluster.awaitGroup("G", "node2", GroupState.Online);
        cluster.startNode("node1");
        // The stays-put window only means something once node1 could take the group back (issue 9 item 9: without
        // this wait the window could pass while node1 was still Joining, testing nothing).
        awaitNodeUp("node1");
        Awaitility.await()
                .during(Timing.scaled(Duration.ofSeconds(2)))
                .atMost(Timing.shortWait())
                .until(() -> cluster.admin().group("G").ownerNode().equals("node2"));
    }

    private void awaitNodeUp(String node) {
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> cluster.admin().nodes().stream()
                        .anyMatch(n -> n.name().equals(node) && n.state() == NodeState.Up));
    }

    @Test
    void whenANodeIsDrained_thenItsGroupsMoveAndComeBackOnResumeWithImmediateFailback() {
        cluster.admin().createGroup(Specs.group("G", List.of("node1", "node2", "node3"), List.of(Specs.scripted("R"))));
        cluster.awaitGroup("G", "node1", GroupState.Online);

        var paused = cluster.admin().pauseNode("node1", true, false, Timing.forWaiting());
        assertThat(paused.state()).isEqualTo(NodeState.Paused);
        cluster.awaitGroup("G", "node2", GroupState.Online);
        // A paused node takes no groups, even when asked.
        assertThatThrownBy(() -> cluster.admin().moveGroup("G", Optional.of("node1"), Timing.shortWait()))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("Paused");

        var resumed = cluster.admin().resumeNode("node1", FailbackMode.Immediate, Timing.forWaiting());
        assertThat(resumed.state()).isEqualTo(NodeState.Up);
        cluster.awaitGroup("G", "node1", GroupState.Online);
    }

    @Test
    void whenResumedWithoutFailback_thenDrainedGroupsStayWhereTheyWent() {
        cluster.admin().createGroup(Specs.group("G", List.of("node1", "node2"), List.of(Specs.scripted("R"))));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        cluster.admin().pauseNode("node1", true, false, Timing.forWaiting());
        cluster.awaitGroup("G", "node2", GroupState.Online);
        cluster.admin().resumeNode("node1", FailbackMode.NoFailback, Timing.forWaiting());
        Awaitility.await()
                .during(Timing.scaled(Duration.ofSeconds(1)))
                .atMost(Timing.shortWait())
                .until(() -> cluster.admin().group("G").ownerNode().equals("node2"));
    }

    @Test
    void whenPossibleOwnersExcludeANode_thenTheGroupNeverGoesThere() {
        var r = Specs.scripted("R").withPossibleOwners(List.of("node1", "node3"));
        cluster.admin().createGroup(Specs.group("G", List.of("node1", "node2", "node3"), List.of(r)));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        cluster.crash("node1");
        cluster.awaitGroup("G", "node3", GroupState.Online);
    }

    @Test
    void whenHardAntiAffinityLeavesNoFreeNode_thenTheSecondGroupStaysOfflineWithAConflict() throws Exception {
        cluster.stopNode("node3");
        cluster.stopNode("node2");
        cluster.admin().setClusterProperty("ClusterEnforcedAntiAffinity", "1");
        cluster.admin()
                .createGroup(Specs.group(
                        "SQL1", List.of("node1"), List.of(Specs.scripted("R1")), "AntiAffinityClassNames", "SQL"));
        cluster.awaitGroup("SQL1", "node1", GroupState.Online);
        cluster.admin()
                .createGroup(Specs.group(
                        "SQL2", List.of("node1"), List.of(Specs.scripted("R2")), "AntiAffinityClassNames", "SQL"));
        cluster.awaitGroup("SQL2", "node1", GroupState.AntiAffinityConflict);
        assertThat(cluster.admin().group("SQL2").state().display()).isEqualTo("Offline(Anti-Affinity Conflict)");
        cluster.startNode("node2");
        cluster.admin().moveGroup("SQL2", Optional.of("node2"), Timing.forWaiting());
        cluster.awaitGroup("SQL2", "node2", GroupState.Online);
    }

    @Test
    void whenSoftAntiAffinityHasAFreeNode_thenGroupsOfOneClassAreKeptApart() {
        cluster.admin()
                .createGroup(Specs.group(
                        "A", List.of("node1"), List.of(Specs.scripted("RA")), "AntiAffinityClassNames", "web"));
        cluster.awaitGroup("A", "node1", GroupState.Online);
        cluster.admin()
                .createGroup(Specs.group(
                        "B", List.of("node1"), List.of(Specs.scripted("RB")), "AntiAffinityClassNames", "web"));
        var b = cluster.awaitGroup("B", null, GroupState.Online);
        assertThat(b.ownerNode()).isNotEqualTo("node1");
    }
}
