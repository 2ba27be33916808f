package org.entsso.cluster.node;

/** A node's state as {@code Get-ClusterNode} prints it (WSFC {@code CLUSTER_NODE_STATE}, anchors/wsfc.md §3.1). */
public enum NodeState {
    Up,
    Down,
    /** Running but not participating: hosts no new groups (maintenance). */
    Paused,
    Joining,
    Unknown
}
