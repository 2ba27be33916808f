package org.entsso.cluster;

import org.entsso.cluster.node.NodeState;

/**
 * A row of {@code Get-ClusterNode}: Name, ID, State.
 *
 * @param name the node
 * @param id its cluster-assigned id (1, 2, ...)
 * @param state Up, Down, Paused or Joining
 */
public record NodeInfo(String name, int id, NodeState state) {}
