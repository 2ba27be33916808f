package org.entsso.cluster.resource;

/**
 * A cluster resource's state, named as WSFC's {@code CLUSTER_RESOURCE_STATE} prints it (anchors/wsfc.md §1.1).
 */
public enum ResourceState {
    Unknown,
    Inherited,
    Initializing,
    Online,
    Offline,
    Failed,
    Pending,
    OnlinePending,
    OfflinePending;

    /** Whether this is one of the transitional states. */
    public boolean isPending() {
        return this == Pending || this == OnlinePending || this == OfflinePending;
    }
}
