package org.entsso.cluster.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.ScriptedResources;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The resource monitor's watchdog (PendingTimeout) on a real ensemble, with calls that ignore Terminate. */
@Tag("zookeeper")
class ResourceTimeoutTest {
    private InProcessCluster cluster;
    private ScriptedResources.Gate gate;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(1, "node1");
    }

    @AfterEach
    void stop() throws Exception {
        if (gate != null) {
            gate.releaseAll();
        }
        cluster.close();
    }

    private List<String> timeouts() {
        return cluster.admin().log(java.util.Optional.empty(), null).stream()
                .filter(e -> "RESOURCE_TIMEOUT".equals(e.kind()) && "R".equals(e.resource()))
                .map(e -> e.message())
                .toList();
    }

    /**
     * Issue 9 item 4: the first Online hangs past PendingTimeout, the watchdog abandons it and the restart policy
     * starts a second Online on a fresh thread. When the abandoned call finally returns, it must neither erase the
     * second call's tracking nor mark the resource Online: the watchdog still times the second call out.
     */
    @Test
    void whenAnAbandonedCallReturnsLate_thenTheNextCallIsStillWatched() {
        gate = cluster.scripted().gateOnline("R");
        // Long enough that the test releases the first call well before the second one's budget runs out.
        String pendingTimeout = String.valueOf(Timing.shortWait().toMillis() / 5);
        cluster.admin()
                .createGroup(Specs.group(
                        "G",
                        List.of("node1"),
                        List.of(Specs.scripted("R", "PendingTimeout", pendingTimeout, "RestartThreshold", "100"))));
        Awaitility.await("a second Online after the first timed out")
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(10))
                .until(() -> gate.arrived() >= 2);

        gate.release(0); // the abandoned first call returns while the second one hangs

        Awaitility.await("the second Online timed out too")
                .atMost(Timing.forWaiting())
                .until(() -> timeouts().size() >= 2);
        assertThat(cluster.admin().resource("R").state()).isNotEqualTo(ResourceState.Online);
    }
}
