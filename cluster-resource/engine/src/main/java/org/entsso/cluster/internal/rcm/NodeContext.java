package org.entsso.cluster.internal.rcm;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.curator.framework.CuratorFramework;
import org.entsso.cluster.events.GroupObserver;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.log.ClusterLog;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.resource.ResourceType;

/**
 * The node a group's controller and terms run on, as they see it: its name and host, its ZooKeeper client, clock,
 * timers and cluster log, the placement rules, the resource types it hosts and the observers of its view of the
 * groups. The node service implements it, so this package does not depend on the node's. Thread-safe; valid once the
 * node has started.
 */
public interface NodeContext {
    String nodeName();

    /** The host name clients reach this node at. */
    String nodeHost();

    /** How long a takeover from an owner whose session the server expired waits before bringing the group online. */
    Duration takeoverGuard();

    /** The clock the policy windows read. */
    Clock clock();

    ClusterLog log();

    Zk zk();

    CuratorFramework client();

    /** Shared timers for delayed work; a task hands itself to a group's RCM thread before touching the group. */
    ScheduledExecutorService timers();

    /** Placement rules over the cluster's current state. */
    Placement placement();

    /** The resource type registered under {@code name} on this node, if any. */
    Optional<ResourceType> resourceType(String name);

    /** Whether this node may take {@code spec} now: started, unpaused, connected, a possible owner of every resource. */
    boolean mayHost(GroupSpec spec);

    /** Every observer of this node's view of its groups, as one; a failing observer does not stop the others. */
    GroupObserver observers();
}
