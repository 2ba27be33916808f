package org.entsso.cluster.internal.node;

import org.apache.zookeeper.ZooKeeper;
import org.entsso.cluster.ClusterNode;

/**
 * Fault injection into a running {@link ClusterNode}, kept out of its public API: the entry point of cluster-testing's
 * {@code Faults}, which tests, the simulator and the benchmarks use. Not for production code. Stateless; each hook is
 * as thread-safe as the node.
 */
public final class NodeFaults {
    private NodeFaults() {}

    /**
     * Stops {@code node} as a process crash would. Resources are terminated without Offline, nothing is handed over,
     * and ZooKeeper expires the node's session on the server side, so the other nodes see exactly what they see when
     * a crashed node's session times out.
     */
    public static void crash(ClusterNode node) {
        service(node).crash();
    }

    /**
     * Expires {@code node}'s ZooKeeper session on the server side while the node keeps running, as a long pause or a
     * partition would. The node must notice, stop acting for its groups, and rejoin with a new session.
     */
    public static void expireSession(ClusterNode node) {
        service(node).expireSession();
    }

    /** {@code node}'s current ZooKeeper handle, e.g. to find the server it is connected to and kill that one. */
    public static ZooKeeper zooKeeperHandle(ClusterNode node) {
        return service(node).zooKeeperHandle();
    }

    private static NodeService service(ClusterNode node) {
        if (node instanceof ZkClusterNode zk) {
            return zk.service();
        }
        throw new IllegalArgumentException("Not a node built by ClusterNode.builder(): " + node);
    }
}
