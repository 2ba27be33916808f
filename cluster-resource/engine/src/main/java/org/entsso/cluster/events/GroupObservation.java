package org.entsso.cluster.events;

import java.util.Objects;
import org.entsso.cluster.group.GroupState;

/**
 * One group as one node sees it: the owner and state the owner last published, the ownership epoch, and how many
 * owner changes and failovers this node has observed since it started. Counts are per observing node: every node
 * watches every group, so each node's count is the cluster's count over the time that node was running (take the
 * maximum across nodes, not the sum). A node's first sight of a group is its baseline and is not counted. Immutable.
 *
 * @param group the group
 * @param owner the node the group's current term belongs to, or empty before any node has owned it
 * @param state the state the owner last published ({@link GroupState#Offline} before any)
 * @param epoch the ownership epoch of that term (0 before any)
 * @param ownerChanges terms observed whose owner differs from the previous term's owner
 * @param failovers those of them that began with a failover: the previous owner stopped without handing the group
 *     over (crash, lost session, pause) or the failover policy moved it after a resource failure; planned moves,
 *     drains and failbacks are owner changes but not failovers
 */
public record GroupObservation(
        String group, String owner, GroupState state, long epoch, long ownerChanges, long failovers) {
    public GroupObservation {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(state, "state");
    }
}
