package org.entsso.cluster.internal.rcm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.ScriptedResources;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A planned move's target prepares before the owner takes the group offline (issue 14): the owner waits for the
 * target's answer, at most {@link MovePreparation#WAIT} (more when the target asks for it), while it still runs the
 * group, so the move's pause carries none of the target's first-use costs; a target that does not answer only delays
 * the move by that bound.
 */
@Tag("zookeeper")
class MovePreparationTest {
    private InProcessCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(1, "node1", "node2");
        cluster.admin().createGroup(Specs.group("G", List.of("node1", "node2"), List.of(Specs.scripted("A"))));
        cluster.awaitGroup("G", "node1", GroupState.Online);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void whenAGroupMoves_thenItsTargetPreparesWhileTheOwnerStillRunsIt() {
        cluster.admin().moveGroup("G", Optional.of("node2"), Timing.forWaiting());

        cluster.awaitGroup("G", "node2", GroupState.Online);
        List<ScriptedResources.Call> prepared = cluster.scripted().calls("A", "Prepared");
        assertThat(prepared).extracting(ScriptedResources.Call::node).containsExactly("node2");
        Instant offline = offlineOn("node1");
        assertThat(prepared.get(0).time())
                .as("prepared before the owner took the resource offline")
                .isBefore(offline);
        assertThat(log("node1")).anyMatch(m -> m.startsWith("Node 'node2' is ready to own group 'G' after "));
    }

    @Test
    void whenTheTargetDoesNotAnswer_thenTheOwnerMovesTheGroupAfterItsWait() {
        ScriptedResources.Gate held = cluster.scripted().gatePrepare("A");
        try {
            Instant asked = Instant.now();
            cluster.admin().moveGroup("G", Optional.of("node2"), Timing.forWaiting());

            cluster.awaitGroup("G", "node2", GroupState.Online);
            assertThat(held.arrived()).as("the target began to prepare").isEqualTo(1);
            assertThat(Duration.between(asked, offlineOn("node1")))
                    .as("the owner waited for its target before taking the group offline")
                    .isGreaterThanOrEqualTo(MovePreparation.WAIT);
            assertThat(log("node1"))
                    .anyMatch(m -> m.startsWith("Node 'node2' did not say it was ready to own group 'G' within "));
        } finally {
            held.releaseAll();
        }
    }

    /**
     * A target whose resources need longer (a node started seconds before) says so at once: the owner keeps the group
     * online past its usual wait, and hands it over when the target says it is ready, not before.
     */
    @Test
    void whenTheTargetNeedsLonger_thenTheOwnerKeepsTheGroupUntilTheTargetIsReady() {
        cluster.scripted().needPreparation("A", Duration.ofSeconds(4));
        ScriptedResources.Gate held = cluster.scripted().gatePrepare("A");
        Instant released;
        try {
            cluster.admin().moveGroup("G", Optional.of("node2"), Duration.ZERO);
            Awaitility.await("node2 prepares").atMost(Timing.forWaiting()).until(() -> held.arrived() == 1);

            Awaitility.await("the group stays online on node1 past the usual wait")
                    .during(MovePreparation.WAIT.plusMillis(500))
                    .atMost(MovePreparation.WAIT.plusSeconds(3))
                    .until(() -> {
                        GroupInfo g = cluster.admin().group("G");
                        return g.state() == GroupState.Online && g.ownerNode().equals("node1");
                    });
            released = Instant.now();
        } finally {
            held.releaseAll();
        }

        cluster.awaitGroup("G", "node2", GroupState.Online);
        assertThat(offlineOn("node1"))
                .as("offline on the owner once its target was ready")
                .isAfter(released);
        assertThat(log("node1"))
                .anyMatch(m -> m.equals("Node 'node2' needs up to 5500 ms more to prepare to own group 'G'; the group"
                        + " stays online on node 'node1' meanwhile"))
                .anyMatch(m -> m.startsWith("Node 'node2' is ready to own group 'G' after "));
        assertThat(log("node2"))
                .anyMatch(m -> m.equals("Node 'node2' prepares to own group 'G' for up to 5500 ms (its resources'"
                        + " first use here)"));
    }

    /** A kill's failover has no move to prepare its target: every standby rehearses a takeover once, writing nothing. */
    @Test
    void whenANodeIsAStandby_thenItRehearsesATakeoverOnce_andTheGroupStaysAsItWas() {
        GroupInfo before = cluster.awaitGroup("G", "node1", GroupState.Online);

        Awaitility.await("node2 rehearsed a takeover")
                .atMost(Timing.forWaiting().plusMillis(GroupController.STANDBY_REHEARSAL_DELAY_MILLIS))
                .until(() -> log("node2").stream().anyMatch(m -> m.startsWith(REHEARSED.formatted("node2"))));

        GroupInfo after = cluster.awaitGroup("G", "node1", GroupState.Online);
        assertThat(after.epoch()).as("no epoch taken").isEqualTo(before.epoch());
        assertThat(cluster.scripted().calls("A", "Online"))
                .extracting(ScriptedResources.Call::node)
                .containsOnly("node1");
        assertThat(log("node1")).noneMatch(m -> m.startsWith(REHEARSED.formatted("node1")));
        assertThat(log("node2"))
                .filteredOn(m -> m.startsWith(REHEARSED.formatted("node2")))
                .hasSize(1);
    }

    private static final String REHEARSED = "Node '%s' rehearsed taking group 'G' over in ";

    private Instant offlineOn(String node) {
        return cluster.scripted().calls("A", "Offline").stream()
                .filter(c -> c.node().equals(node))
                .map(ScriptedResources.Call::time)
                .findFirst()
                .orElseThrow(() -> new AssertionError("A never went offline on " + node));
    }

    private List<String> log(String node) {
        return cluster.admin().log(Optional.of(node), Duration.ofMinutes(5)).stream()
                .map(e -> e.message())
                .toList();
    }
}
