package org.entsso.cluster.testing;

import org.apache.zookeeper.ZooKeeper;
import org.entsso.cluster.ClusterNode;
import org.entsso.cluster.internal.node.NodeFaults;

/**
 * Faults injected into a running {@link ClusterNode}, for tests, the simulator and benchmarks: the hooks the engine
 * keeps out of its public API (as ZooKeeper keeps session expiry behind {@code ZooKeeper.getTestable()}). Stateless.
 */
public final class Faults {
    private Faults() {}

    /**
     * Stops {@code node} as a process crash would: resources terminated without Offline, nothing handed over, and the
     * node's ZooKeeper session expired on the server side, so the other nodes see what they see when a crashed node's
     * session times out.
     */
    public static void crash(ClusterNode node) {
        NodeFaults.crash(node);
    }

    /**
     * Expires {@code node}'s ZooKeeper session on the server side while the node keeps running, as a long pause or a
     * partition would (Helix's {@code ZkTestHelper.expireSession} technique). Returns once the node's handle has seen
     * the session end.
     */
    public static void expireSession(ClusterNode node) {
        NodeFaults.expireSession(node);
    }

    /** {@code node}'s current ZooKeeper handle, e.g. to find the server it is connected to and kill that one. */
    public static ZooKeeper zooKeeperHandle(ClusterNode node) {
        return NodeFaults.zooKeeperHandle(node);
    }
}
