package org.entsso.cluster.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.resource.ClusterService;
import org.entsso.cluster.resource.ResourceType;

/** Placeholder while the engine is written; replaced in the next commit. */
public final class NodeService {
    private final String nodeName;

    public NodeService(
            String nodeName,
            String nodeHost,
            ClusterConnection connection,
            Clock clock,
            Duration policyTick,
            List<ResourceType> types,
            Map<String, Supplier<? extends ClusterService>> services) {
        this.nodeName = nodeName;
    }

    public void start() {
        throw new UnsupportedOperationException("engine not written yet");
    }

    public String nodeName() {
        return nodeName;
    }

    public NodeState state() {
        return NodeState.Unknown;
    }

    public OptionalLong ownedEpoch(String group) {
        return OptionalLong.empty();
    }

    public void close() {}
}
