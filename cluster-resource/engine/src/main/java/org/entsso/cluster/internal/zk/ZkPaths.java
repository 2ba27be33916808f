package org.entsso.cluster.internal.zk;

/**
 * The cluster's znodes, relative to the Curator namespace {@code entsso/<cluster>}:
 *
 * <pre>
 * /config/cluster                 cluster properties (JSON)
 * /config/nextNodeId              node id counter
 * /config/groups/G                group definition (JSON GroupSpec)
 * /nodes/N                        node record: id, paused, drained groups (persistent)
 * /nodes/N/requests/r-            commands for node N (pause, resume)
 * /live/N                         node membership (ephemeral): Joining or Up
 * /groups/G/latch                 the group's ownership election (Curator LeaderLatch)
 * /groups/G/epoch                 the ownership epoch; its version fences every owner write
 * /groups/G/status                owner, epoch, resource states (written by the owner, fenced)
 * /groups/G/target                the node a planned move, drain or failover hands the group to
 * /groups/G/intent                persistent state: group online?, resources stopped by an administrator
 * /groups/G/failovers             failover times within FailoverPeriod
 * /groups/G/checkpoints/R         checkpoint data of resource R
 * /groups/G/published/R           data resource R published while online
 * /groups/G/requests/r-           commands for the owner (move, start, stop, fail...)
 * /names/NAME                     network name -> endpoint (ephemeral, owner's session)
 * /events/N/e-                    cluster log of node N (persistent sequential, pruned)
 * </pre>
 */
public final class ZkPaths {
    public static final String CONFIG = "/config";
    public static final String CLUSTER_PROPERTIES = "/config/cluster";
    public static final String NEXT_NODE_ID = "/config/nextNodeId";
    public static final String GROUP_SPECS = "/config/groups";
    public static final String NODES = "/nodes";
    public static final String LIVE = "/live";
    public static final String GROUPS = "/groups";
    public static final String NAMES = "/names";
    public static final String EVENTS = "/events";

    private ZkPaths() {}

    /** The Curator namespace of a cluster. */
    public static String namespace(String clusterName) {
        return "entsso/" + clusterName;
    }

    public static String groupSpec(String group) {
        return GROUP_SPECS + "/" + group;
    }

    public static String node(String node) {
        return NODES + "/" + node;
    }

    public static String nodeRequests(String node) {
        return node(node) + "/requests";
    }

    public static String live(String node) {
        return LIVE + "/" + node;
    }

    public static String group(String group) {
        return GROUPS + "/" + group;
    }

    public static String latch(String group) {
        return group(group) + "/latch";
    }

    public static String epoch(String group) {
        return group(group) + "/epoch";
    }

    public static String status(String group) {
        return group(group) + "/status";
    }

    public static String target(String group) {
        return group(group) + "/target";
    }

    /** Where a move's target says it is ready to own the group ({@link Records.Prepared}). */
    public static String prepared(String group) {
        return group(group) + "/prepared";
    }

    public static String intent(String group) {
        return group(group) + "/intent";
    }

    public static String failovers(String group) {
        return group(group) + "/failovers";
    }

    public static String checkpoint(String group, String resource) {
        return group(group) + "/checkpoints/" + resource;
    }

    public static String published(String group, String resource) {
        return group(group) + "/published/" + resource;
    }

    public static String groupRequests(String group) {
        return group(group) + "/requests";
    }

    public static String name(String networkName) {
        return NAMES + "/" + networkName;
    }

    public static String events(String node) {
        return EVENTS + "/" + node;
    }
}
