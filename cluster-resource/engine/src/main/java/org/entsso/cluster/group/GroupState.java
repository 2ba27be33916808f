package org.entsso.cluster.group;

import java.util.Collection;
import org.entsso.cluster.resource.ResourceState;

/**
 * A group's (WSFC "role") state, derived from its resources' states and never stored (anchors/wsfc.md §1.2).
 */
public enum GroupState {
    Online,
    Offline,
    Failed,
    PartialOnline,
    Pending,
    /** Hard anti-affinity keeps the group offline; PowerShell prints {@code Offline(Anti-Affinity Conflict)}. */
    AntiAffinityConflict,
    Unknown;

    /**
     * WSFC's precedence (MS-CMRP ApiGetGroupState): any Failed gives Failed; otherwise any pending gives Pending;
     * otherwise all Online gives Online; some Online gives PartialOnline; otherwise (or empty) Offline.
     */
    public static GroupState derive(Collection<ResourceState> states) {
        if (states.isEmpty()) {
            return Offline;
        }
        if (states.contains(ResourceState.Failed)) {
            return Failed;
        }
        if (states.stream().anyMatch(ResourceState::isPending)) {
            return Pending;
        }
        long online = states.stream().filter(s -> s == ResourceState.Online).count();
        if (online == states.size()) {
            return Online;
        }
        return online > 0 ? PartialOnline : Offline;
    }

    /** The text PowerShell prints in the State column. */
    public String display() {
        return this == AntiAffinityConflict ? "Offline(Anti-Affinity Conflict)" : name();
    }
}
