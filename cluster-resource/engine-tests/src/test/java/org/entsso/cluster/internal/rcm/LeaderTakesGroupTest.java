package org.entsso.cluster.internal.rcm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.awaitility.Awaitility;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.internal.zk.Curators;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node that wins a group's election but fails to take the group (ZooKeeper lost again in a reconnect's first
 * seconds, as when a quorum comes back) tries again while it leads (issue 14). Before, the failure was logged once and
 * the node went on leading with no term: no other node could take the group, and its last status still said Online
 * (a CI drill's writes failed for five minutes so). The failure here is an epoch znode that cannot be read, which
 * fails the same decision on every attempt until it is repaired.
 */
@Tag("zookeeper")
class LeaderTakesGroupTest {
    private InProcessCluster cluster;
    private CuratorFramework raw;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(1, "node1", "node2");
        raw = Curators.connect(cluster.connection()); // the nodes' own namespace
    }

    @AfterEach
    void stop() throws Exception {
        raw.close();
        cluster.close();
    }

    @Test
    void whenTheElectedNodeCannotTakeTheGroup_thenItTriesAgainAndTakesItOnceItCan() throws Exception {
        cluster.admin().createGroup(Specs.group("G", List.of("node1", "node2"), List.of(Specs.scripted("A"))));
        GroupInfo first = cluster.awaitGroup("G", "node1", GroupState.Online);
        String epochPath = ZkPaths.epoch("G");
        byte[] epoch = raw.getData().forPath(epochPath);
        raw.setData().forPath(epochPath, "{not an epoch".getBytes(StandardCharsets.UTF_8));

        cluster.crash("node1"); // node2 leads the election and fails to read the epoch
        Awaitility.await("node2 failed to take the group")
                .atMost(Timing.forWaiting())
                .until(() -> failuresLogged() >= 1);
        assertThat(cluster.node("node2").ownedEpoch("G")).isEmpty();

        raw.setData().forPath(epochPath, epoch); // repaired: the next attempt takes the group
        GroupInfo taken = cluster.awaitGroup("G", "node2", GroupState.Online);
        assertThat(taken.epoch()).isGreaterThan(first.epoch());
        assertThat(nodeLog())
                .as("node2 said it would try again")
                .anyMatch(m -> m.contains("leads the election of group 'G' but could not take it"));
    }

    /** node2's lines about failing to take G: the retry's warning, or (before it) the RCM thread's error line. */
    private long failuresLogged() {
        return nodeLog().stream()
                .filter(m -> m.contains("could not take it") || m.startsWith("Group 'G': "))
                .count();
    }

    private List<String> nodeLog() {
        return cluster.admin().log(Optional.of("node2"), Duration.ofMinutes(5)).stream()
                .map(e -> e.message())
                .toList();
    }
}
