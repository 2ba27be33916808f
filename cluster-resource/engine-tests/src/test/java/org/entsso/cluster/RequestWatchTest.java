package org.entsso.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.ClientWatches;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.testing.Faults;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The request queues are watched with one watcher each, however many policy ticks pass (issue 9 item 2). */
@Tag("zookeeper")
class RequestWatchTest {
    private InProcessCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(1, "node1"); // policy tick 100 ms
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private int watches(String pathSuffix) {
        ZooKeeper zk = Faults.zooKeeperHandle(cluster.node("node1"));
        return ClientWatches.count(zk, pathSuffix);
    }

    @Test
    void whenManyPolicyTicksPass_thenEachRequestQueueHasOneWatcher() {
        cluster.admin().createGroup(Specs.group("G", List.of("node1"), List.of(Specs.scripted("R"))));
        cluster.awaitGroup("G", "node1", GroupState.Online);

        // Twenty ticks and more: before, every tick registered another one-shot watcher on both queues.
        Awaitility.await("one watcher per request queue while the ticks run")
                .during(Duration.ofSeconds(2))
                .atMost(Timing.forWaiting())
                .until(() -> watches("/groups/G/requests") == 1 && watches("/nodes/node1/requests") == 1);

        // The one watch still delivers requests, more than once.
        cluster.admin().stopGroup("G", Timing.shortWait());
        cluster.admin().startGroup("G", Timing.shortWait());
        assertThat(cluster.admin().group("G").state()).isEqualTo(GroupState.Online);
        assertThat(cluster.admin()
                        .pauseNode("node1", false, false, Timing.shortWait())
                        .state())
                .isEqualTo(NodeState.Paused);
        assertThat(watches("/groups/G/requests")).isEqualTo(1);
        assertThat(watches("/nodes/node1/requests")).isEqualTo(1);
    }
}
