package org.entsso.cluster.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.ScriptedResources;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An administrator's request that timed out is not carried out later (issue 9 item 8). */
@Tag("zookeeper")
class AdminRequestExpiryTest {
    private InProcessCluster cluster;
    private ScriptedResources.Gate online;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(1, "node1", "node2");
    }

    @AfterEach
    void stop() throws Exception {
        if (online != null) {
            online.releaseAll();
        }
        cluster.close();
    }

    @Test
    void whenAMoveTimesOut_thenTheOwnerDoesNotCarryItOutLater() {
        online = cluster.scripted().gateOnline("R"); // node1's RCM thread waits on R's Online: it takes no requests
        cluster.admin().createGroup(Specs.group("G", List.of("node1", "node2"), List.of(Specs.scripted("R"))));
        Awaitility.await("R's Online started on node1")
                .atMost(Timing.forWaiting())
                .until(() -> online.arrived() >= 1);

        assertThatThrownBy(() -> cluster.admin().moveGroup("G", Optional.of("node2"), Duration.ofSeconds(1)))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("withdrawn");

        online.releaseAll(); // node1 is free again, long after the operator gave up
        cluster.awaitGroup("G", "node1", GroupState.Online);
        cluster.admin().startGroup("G", Timing.shortWait()); // queued after the move: answered once it was passed

        assertThat(cluster.admin().group("G").ownerNode()).isEqualTo("node1");
        assertThat(cluster.admin().log(Optional.empty(), null))
                .noneMatch(e -> "GROUP_MOVE".equals(e.kind()) && "G".equals(e.group()));
    }
}
