package org.entsso.cluster;

import java.util.Map;
import org.entsso.cluster.group.GroupState;

/**
 * A row of {@code Get-ClusterGroup}: Name, OwnerNode, State; plus the ownership epoch and common properties.
 *
 * @param name the group
 * @param ownerNode the node that owns it, or empty when none does
 * @param state the derived state
 * @param epoch the current ownership epoch (0 before the first owner)
 * @param properties common properties by WSFC name
 */
public record GroupInfo(String name, String ownerNode, GroupState state, long epoch, Map<String, String> properties) {}
