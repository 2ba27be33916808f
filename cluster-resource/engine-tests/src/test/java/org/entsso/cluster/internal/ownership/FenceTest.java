package org.entsso.cluster.internal.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Zk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starting a term and fencing its writes, on a real ZooKeeper server. */
class FenceTest {
    private static final String EPOCH = "/groups/G/epoch";
    private TestingServer server;
    private CuratorFramework client;
    private Zk zk;

    @BeforeEach
    void start() throws Exception {
        server = new TestingServer(true);
        client = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        client.start();
        zk = new Zk(client);
        zk.createIfAbsent(EPOCH, Json.write(0L));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private String joinElection() {
        return zk.create("/groups/G/latch/n-", CreateMode.EPHEMERAL_SEQUENTIAL, new byte[0]);
    }

    private long epoch() {
        return Json.read(zk.read(EPOCH).orElseThrow().data(), Long.class);
    }

    @Test
    void whileTheNodeHoldsItsElectionZnode_thenAcquireIncrementsTheEpoch() {
        Fence fence = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        assertThat(fence.epoch()).isEqualTo(1);
        assertThat(epoch()).isEqualTo(1);
        fence.put("/groups/G/status", new byte[] {1});
        assertThat(zk.exists("/groups/G/status")).isTrue();
    }

    /** Issue 9 item 3: winning the election and bumping the epoch are two steps; the znode may go in between. */
    @Test
    void whenTheNodesElectionZnodeIsGone_thenAcquireStartsNoTermAndLeavesTheEpochAlone() {
        Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        String stale = joinElection();
        zk.delete(stale); // the session ended, or the node left the election, after it was told it leads

        assertThat(Fence.acquire(client, EPOCH, stale)).isEmpty();
        assertThat(epoch()).isEqualTo(1);
        current.put("/groups/G/status", new byte[] {2}); // the term in office is not disturbed
    }

    @Test
    void whenAnotherTermStarts_thenTheOldTermsWritesAreFenced() {
        Fence old = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        Optional<Fence> next = Fence.acquire(client, EPOCH, joinElection());
        assertThat(next).map(Fence::epoch).contains(2L);
        assertThatThrownBy(() -> old.put("/groups/G/status", new byte[] {3})).isInstanceOf(Fence.FencedException.class);
        assertThatThrownBy(() -> old.delete("/groups/G/status")).isInstanceOf(Fence.FencedException.class);
    }

    /** A put over an existing znode takes one round trip (issue 14) and is fenced all the same. */
    @Test
    void whenTheZnodeExists_thenAPutOverwritesIt_andAnOldTermsPutIsFencedAndChangesNothing() {
        Fence old = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        old.put("/groups/G/deeper/status", new byte[] {1}); // absent, parent absent: created
        old.put("/groups/G/deeper/status", new byte[] {2}); // present: overwritten
        assertThat(zk.read("/groups/G/deeper/status").orElseThrow().data()).containsExactly(2);

        Fence next = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        assertThatThrownBy(() -> old.put("/groups/G/deeper/status", new byte[] {3}))
                .isInstanceOf(Fence.FencedException.class);
        assertThat(zk.read("/groups/G/deeper/status").orElseThrow().data()).containsExactly(2);
        next.put("/groups/G/deeper/status", new byte[] {4});
        assertThat(zk.read("/groups/G/deeper/status").orElseThrow().data()).containsExactly(4);
    }
}
