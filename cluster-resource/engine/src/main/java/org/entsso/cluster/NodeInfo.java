package org.entsso.cluster;

import java.util.Map;
import org.entsso.cluster.node.NodeState;

/**
 * A row of {@code Get-ClusterNode}: Name, ID, State.
 *
 * @param name the node
 * @param id its cluster-assigned id (1, 2, ...)
 * @param state Up, Down, Paused or Joining
 * @param attributes what the node advertises while it is a member ({@link ClusterNode.Builder#attribute}); empty
 *     when Down
 */
public record NodeInfo(String name, int id, NodeState state, Map<String, String> attributes) {
    public NodeInfo {
        attributes = Map.copyOf(attributes);
    }

    /** A node without attributes. */
    public NodeInfo(String name, int id, NodeState state) {
        this(name, id, state, Map.of());
    }
}
