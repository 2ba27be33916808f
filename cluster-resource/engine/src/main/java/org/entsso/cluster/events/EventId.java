package org.entsso.cluster.events;

/**
 * Event ids from WSFC's System log where one exists (anchors/wsfc.md §5). Ids marked "unverified" in the anchor are
 * kept as the labels operators search for.
 */
public enum EventId {
    /** 1069: a resource failed. */
    RESOURCE_FAILED(1069),
    /** 1135: a node was removed from the active failover cluster membership. */
    NODE_REMOVED(1135),
    /** 1205: a group failed to come completely online or offline. */
    GROUP_FAILED(1205),
    /** 1254: a group exceeded its failover threshold. */
    FAILOVER_THRESHOLD_EXCEEDED(1254),
    /** 1201: a group came online. */
    GROUP_ONLINE(1201),
    /** 1203: a group is being taken offline. */
    GROUP_OFFLINE(1203),
    /** 1153: the cluster is failing a group over. */
    GROUP_FAILOVER(1153),
    /** 1641: a group is moving between nodes. */
    GROUP_MOVE(1641),
    /** 1230: a resource was terminated after a timeout (RHS deadlock or pending timeout). */
    RESOURCE_TIMEOUT(1230),
    /** 1650: a node joined (no WSFC equivalent id is documented; label kept stable). */
    NODE_JOINED(1650),
    /** 1651: a node was paused or resumed. */
    NODE_PAUSE_CHANGED(1651),
    /** 0: a trace line with no WSFC event. */
    INFO(0);

    private final int id;

    EventId(int id) {
        this.id = id;
    }

    /** The numeric event id. */
    public int id() {
        return id;
    }
}
