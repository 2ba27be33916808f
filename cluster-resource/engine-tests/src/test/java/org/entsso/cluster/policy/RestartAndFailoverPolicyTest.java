package org.entsso.cluster.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.resource.ResourceState;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** RestartAction, RestartThreshold, FailoverThreshold and RetryPeriodOnFailure on a real ensemble (wsfc.md §2.1-2.2). */
@Tag("zookeeper")
class RestartAndFailoverPolicyTest {
    private InProcessCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(3, "node1", "node2", "node3");
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private void failAndWaitForRestart(String resource, String node) {
        cluster.admin().failResource(resource, Timing.shortWait());
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    var r = cluster.admin().resource(resource);
                    return r.state() == ResourceState.Online && r.ownerNode().equals(node);
                });
    }

    @Test
    void whenFailuresExceedRestartThreshold_thenTheGroupFailsOverToTheNextPreferredOwner() {
        cluster.admin()
                .createGroup(Specs.group(
                        "G",
                        List.of("node1", "node2", "node3"),
                        List.of(Specs.scripted("R", "RestartThreshold", "2"))));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        long restartsBefore = cluster.scripted().calls("R", "OnlineCalled").size();

        failAndWaitForRestart("R", "node1");
        failAndWaitForRestart("R", "node1");
        assertThat(cluster.scripted().calls("R", "OnlineCalled")).hasSize((int) restartsBefore + 2);

        cluster.admin().failResource("R", Timing.shortWait()); // the third failure within RestartPeriod
        cluster.awaitGroup("G", "node2", GroupState.Online);
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> cluster.admin().log(java.util.Optional.empty(), null).stream()
                        .anyMatch(e -> e.eventId() == 1153 && "G".equals(e.group())));
    }

    @Test
    void whenFailoverThresholdIsExhausted_thenTheGroupStaysFailedUntilRetryPeriodOnFailure() {
        cluster.admin()
                .createGroup(Specs.group(
                        "G",
                        List.of("node1", "node2", "node3"),
                        List.of(Specs.scripted("R", "RestartThreshold", "0", "RetryPeriodOnFailure", "1h")),
                        "FailoverThreshold",
                        "1"));
        cluster.awaitGroup("G", "node1", GroupState.Online);

        cluster.admin().failResource("R", Timing.shortWait()); // failover 1 of 1
        cluster.awaitGroup("G", "node2", GroupState.Online);

        cluster.scripted().failOnline("R", 1000); // the resource is broken now
        cluster.admin().failResource("R", Timing.shortWait()); // no failover left
        cluster.awaitGroup("G", "node2", GroupState.Failed);
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> cluster.admin().log(java.util.Optional.empty(), null).stream()
                        .map(ClusterEvent::message)
                        .anyMatch(m -> m.equals(
                                "Not failing over group G, failoverCount 1, failover threshold 1, nodeAvailCount 3.")));

        cluster.scripted().failOnline("R", 0); // repaired
        cluster.clock().advance(Duration.ofMinutes(59));
        assertThat(cluster.admin().group("G").state()).isEqualTo(GroupState.Failed);
        cluster.clock().advance(Duration.ofMinutes(1)); // RetryPeriodOnFailure (1 h) has passed
        cluster.awaitGroup("G", "node2", GroupState.Online);
    }

    @Test
    void whenRestartActionIsDontRestart_thenAFailedResourceStaysFailed() {
        cluster.admin()
                .createGroup(Specs.group("G", List.of("node1"), List.of(Specs.scripted("R", "RestartAction", "0"))));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        int onlines = cluster.scripted().calls("R", "OnlineCalled").size();
        cluster.admin().failResource("R", Timing.shortWait());
        cluster.awaitGroup("G", "node1", GroupState.Failed);
        assertThat(cluster.scripted().calls("R", "OnlineCalled")).hasSize(onlines);
    }

    @Test
    void whenRestartNoNotifyIsPastItsThreshold_thenTheGroupStaysOnItsNodeFailed() {
        cluster.admin()
                .createGroup(Specs.group(
                        "G",
                        List.of("node1"),
                        List.of(Specs.scripted("R", "RestartAction", "RestartNoNotify", "RestartThreshold", "1"))));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        failAndWaitForRestart("R", "node1");
        cluster.admin().failResource("R", Timing.shortWait());
        cluster.awaitGroup("G", "node1", GroupState.Failed);
    }

    @Test
    void whenLooksAliveAndIsAliveReportFailure_thenTheResourceIsRestartedInPlace() {
        cluster.admin().createGroup(Specs.group("G", List.of("node1"), List.of(Specs.scripted("R"))));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        int onlines = cluster.scripted().calls("R", "OnlineCalled").size();
        cluster.scripted().setHealthy("R", false);
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> cluster.scripted().calls("R", "OnlineCalled").size() > onlines);
        cluster.scripted().setHealthy("R", true);
        cluster.awaitGroup("G", "node1", GroupState.Online);
        assertThat(cluster.admin().log(java.util.Optional.of("node1"), null))
                .anyMatch(e -> e.eventId() == 1069 && "R".equals(e.resource()));
    }

    @Test
    void whenOnlineHangsPastPendingTimeout_thenTheResourceIsTerminatedAndFailed() {
        cluster.scripted().hangOnline("R", true);
        cluster.admin()
                .createGroup(Specs.group(
                        "G",
                        List.of("node1"),
                        List.of(Specs.scripted("R", "PendingTimeout", "1s", "RestartAction", "0"))));
        cluster.awaitGroup("G", "node1", GroupState.Failed);
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> cluster.admin().log(java.util.Optional.of("node1"), null).stream()
                        .anyMatch(e -> e.eventId() == 1230 && e.message().contains("PendingTimeout")));
        cluster.scripted().hangOnline("R", false);
    }
}
