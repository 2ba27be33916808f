package org.entsso.cluster.events;

/** The component tag of a cluster log line, as in WSFC's Cluster.log (anchors/wsfc.md §5). */
public enum Component {
    /** Resource control manager: groups, resources, policies. */
    RCM,
    /** Node manager: membership. */
    NM,
    /** Resource hosting subsystem: the per-resource monitors. */
    RHS,
    /** Ownership elections and epochs. */
    GUM,
    /** A service the node hosts (e.g. an SSO server switching to a new master secret server). */
    SVC
}
