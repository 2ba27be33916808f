package org.entsso.cluster.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.testing.Faults;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.ScriptedResources;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A term that ends while one of its resource calls waits to run never brings that resource online (issue 9). */
@Tag("zookeeper")
class TermAbortRaceTest {
    private InProcessCluster cluster;
    private ScriptedResources.Gate looksAlive;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(1, "node1");
    }

    @AfterEach
    void stop() throws Exception {
        if (looksAlive != null) {
            looksAlive.releaseAll();
        }
        cluster.close();
    }

    private boolean logged(String text) {
        return cluster.admin().log(Optional.empty(), null).stream()
                .anyMatch(e -> "A".equals(e.resource()) && e.message().contains(text));
    }

    /**
     * Issue 9 item 3: the restart's Online is queued on the resource's thread behind a hung LooksAlive, then the
     * node's session is expired (the term is aborted). When the resource's thread frees up, the queued Online must
     * see that its term has ended and not call the resource: before, it brought the resource online in an ended term.
     */
    @Test
    void whenTheTermEndsBeforeAQueuedOnlineRuns_thenTheResourceIsNotBroughtOnline() {
        cluster.admin()
                .createGroup(Specs.group("G", List.of("node1"), List.of(Specs.scripted("A", "RestartThreshold", "5"))));
        long first = cluster.awaitGroup("G", "node1", GroupState.Online).epoch();
        looksAlive = cluster.scripted().gateLooksAlive("A");
        Awaitility.await("a LooksAlive stuck on the resource's thread")
                .atMost(Timing.shortWait())
                .until(() -> looksAlive.arrived() >= 1);

        cluster.admin().failResource("A", Timing.shortWait()); // the restart's Online queues behind LooksAlive
        Awaitility.await("the restart's Online queued")
                .atMost(Timing.shortWait())
                .pollInterval(Duration.ofMillis(20))
                .until(() -> logged("Failed -> OnlinePending"));
        Faults.expireSession(cluster.node("node1"));
        Awaitility.await("the term aborted")
                .atMost(Timing.shortWait())
                .until(() -> cluster.node("node1").ownedEpoch("G").isEmpty());

        looksAlive.releaseAll(); // the resource's thread runs the queued Online now
        Awaitility.await("a new term online")
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    var g = cluster.admin().group("G");
                    return g.state() == GroupState.Online && g.epoch() > first;
                });
        assertThat(cluster.scripted().calls("A", "OnlineCalled"))
                .filteredOn(c -> c.epoch() == first)
                .as("Online calls made in the ended term %d", first)
                .hasSize(1);
    }
}
