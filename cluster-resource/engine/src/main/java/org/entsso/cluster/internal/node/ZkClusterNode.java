package org.entsso.cluster.internal.node;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.entsso.cluster.ClusterNode;
import org.entsso.cluster.events.GroupObservation;
import org.entsso.cluster.node.NodeState;

/**
 * {@link ClusterNode} over ZooKeeper: the public face of one {@link NodeService}. Its fault hooks are reached through
 * {@link NodeFaults} only. Thread-safe.
 */
public final class ZkClusterNode implements ClusterNode {
    private final NodeService service;

    public ZkClusterNode(NodeService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public void start() {
        service.start();
    }

    @Override
    public String name() {
        return service.nodeName();
    }

    @Override
    public NodeState state() {
        return service.state();
    }

    @Override
    public List<GroupObservation> observedGroups() {
        return service.observedGroups();
    }

    @Override
    public OptionalLong ownedEpoch(String group) {
        return service.ownedEpoch(group);
    }

    @Override
    public void setAttribute(String key, String value) {
        service.putAttribute(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public void logServiceEvent(String kind, String group, String message) {
        service.logServiceEvent(
                Objects.requireNonNull(kind, "kind"), group, Objects.requireNonNull(message, "message"));
    }

    @Override
    public void close() {
        service.close();
    }

    /** The engine behind this node, for {@link NodeFaults}. */
    NodeService service() {
        return service;
    }

    @Override
    public String toString() {
        return "ClusterNode[" + service.nodeName() + "]";
    }
}
