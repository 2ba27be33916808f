package org.entsso.cluster.internal.rcm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.ownership.Fence;
import org.entsso.cluster.internal.ownership.Term;
import org.entsso.cluster.internal.rhs.ResourceContextImpl;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceState;

/**
 * A planned move's preparation (issue 14): the owner that hands a group over while it still serves (Move-ClusterGroup,
 * a drain) records the target with a move id and waits, at most {@link #WAIT}, for the target to say it is ready
 * before it takes the group offline; the target runs each resource type's {@link
 * org.entsso.cluster.resource.ResourceType#prepareToOwn} meanwhile (the Master Secret Service rehearses its write
 * path) and then writes {@link Records.Prepared} with that id. The move's pause then carries none of a cold target's
 * first-use costs, and the group is never without an owner for longer: a target that is slow, down or of an older
 * version only makes the owner wait the bound. A target whose resource types need longer (a node that started seconds
 * before: {@link org.entsso.cluster.resource.ResourceType#preparationNeeded}) says so at once with a first answer, and
 * the owner, still serving, waits up to {@link #MAX_EXTRA} more.
 *
 * <p>Both sides of every group's controller: {@link #prepare} on the target (called from the election's target watch,
 * work on a thread of its own), {@link #awaitReady} on the owner (RCM thread; a watch on the answer, no polling).
 * Thread-safe.
 */
final class MovePreparation implements AutoCloseable {
    /** How long an owner waits for its target to be ready before it moves the group anyway. */
    static final Duration WAIT = Duration.ofSeconds(2);

    /** How long the target's resource types may take: less than {@link #WAIT}, for the round trips around it. */
    static final Duration BUDGET = Duration.ofMillis(1_500);

    /**
     * The most a target may add to {@link #WAIT} when a resource type needs more preparation ({@link
     * org.entsso.cluster.resource.ResourceType#preparationNeeded}): a move then still ends well inside the 20 s an
     * operator's Move-ClusterGroup waits by default.
     */
    static final Duration MAX_EXTRA = Duration.ofSeconds(10);

    /** The classes a term loads when it starts: loaded, linked and initialized ahead of it. */
    private static final List<Class<?>> TERM_CLASSES = List.of(
            GroupTerm.class,
            TermNames.class,
            TermPolicy.class,
            TermRequests.class,
            Fence.class,
            Fence.Put.class,
            Fence.FencedException.class,
            Term.class,
            ResourceMonitor.class,
            ResourceContextImpl.class,
            ResourceState.class,
            Records.Intent.class);

    private final NodeContext node;
    private final String group;
    /** The target's answers, as last seen. */
    private final CuratorCache answers;

    private final Object seen = new Object();
    private Records.Prepared last;

    MovePreparation(NodeContext node, String group) {
        this.node = node;
        this.group = group;
        this.answers =
                CuratorCache.build(node.client(), ZkPaths.prepared(group), CuratorCache.Options.SINGLE_NODE_CACHE);
        answers.listenable()
                .addListener(CuratorCacheListener.builder()
                        .forCreatesAndChanges((before, after) -> answered(after))
                        .build());
        answers.start();
    }

    private void answered(ChildData data) {
        Records.Prepared prepared;
        try {
            prepared = Json.read(data.getData(), Records.Prepared.class);
        } catch (RuntimeException unreadable) {
            return; // the owner waits its bound, as for a target that never answers
        }
        synchronized (seen) {
            last = prepared;
            seen.notifyAll();
        }
    }

    /**
     * This node is the target of move {@code move}: on a thread of its own, runs {@code takeoverReads} (the leader's
     * reads of a takeover), loads the classes a term runs, prepares every resource of {@code spec}, then answers.
     * Returns at once.
     */
    void prepare(String move, GroupSpec spec, Runnable takeoverReads) {
        Objects.requireNonNull(move, "move");
        Thread t = new Thread(() -> run(move, spec, takeoverReads), "prepare-" + group + "@" + node.nodeName());
        t.setDaemon(true);
        t.start();
    }

    /**
     * A standby that has just joined the election rehearses a takeover's round trips once ({@code takeoverReads}: the
     * reads and the refused increment of {@link LeaderView#rehearse}) and loads the classes a term runs, on a thread of
     * its own, so that a failover to it (a kill: no move prepares it) does not run that code for the first time.
     * Nothing is written. Returns at once.
     */
    void rehearseAsStandby(Runnable takeoverReads) {
        Thread t = new Thread(
                () -> {
                    long start = System.nanoTime();
                    if (rehearseTakeover(takeoverReads)) {
                        prepareNote("Node '" + node.nodeName() + "' rehearsed taking group '" + group
                                + "' over in "
                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                                + " ms (nothing written)");
                    }
                },
                "rehearse-" + group + "@" + node.nodeName());
        t.setDaemon(true);
        t.start();
    }

    /** Runs {@code takeoverReads} and loads the term's classes; false (logged) when the rehearsal failed. */
    private boolean rehearseTakeover(Runnable takeoverReads) {
        try {
            takeoverReads.run();
            TERM_CLASSES.forEach(MovePreparation::initialize);
            return true;
        } catch (RuntimeException e) {
            prepareNote("Node '" + node.nodeName() + "' could not rehearse a takeover's round trips: "
                    + ResourceMonitor.messageOf(e));
            return false;
        }
    }

    private void run(String move, GroupSpec spec, Runnable takeoverReads) {
        long start = System.nanoTime();
        Duration extra = extraNeeded(spec);
        if (!extra.isZero()) {
            warming(move, extra);
        }
        long end = start + BUDGET.plus(extra).toNanos();
        rehearseTakeover(takeoverReads);
        for (ResourceSpec r : spec.resources()) {
            Duration left = Duration.ofNanos(Math.max(0, end - System.nanoTime()));
            node.resourceType(r.type()).ifPresent(type -> {
                try {
                    type.prepareToOwn(node.nodeName(), r, left);
                } catch (RuntimeException e) {
                    node.log()
                            .info(
                                    "PREPARE",
                                    group,
                                    r.name(),
                                    0,
                                    "Resource '" + r.name() + "' could not prepare on node '" + node.nodeName() + "': "
                                            + ResourceMonitor.messageOf(e));
                }
            });
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        try {
            answer(Json.write(new Records.Prepared(node.nodeName(), move, millis)));
        } catch (Exception e) {
            prepareNote("Node '" + node.nodeName() + "' prepared to own group '" + group + "' but could not say so: "
                    + ResourceMonitor.messageOf(e));
            return;
        }
        prepareNote(
                "Node '" + node.nodeName() + "' is ready to own group '" + group + "' (prepared in " + millis + " ms)");
    }

    /** The longest extra preparation any resource type of {@code spec} asks for here, at most {@link #MAX_EXTRA}. */
    private Duration extraNeeded(GroupSpec spec) {
        Duration extra = Duration.ZERO;
        for (ResourceSpec r : spec.resources()) {
            Duration needed = node.resourceType(r.type())
                    .map(type -> {
                        try {
                            return type.preparationNeeded(node.nodeName(), r);
                        } catch (RuntimeException e) {
                            return Duration.ZERO; // the usual budget, as for a type that asks for nothing
                        }
                    })
                    .orElse(Duration.ZERO);
            if (needed.compareTo(extra) > 0) {
                extra = needed;
            }
        }
        return extra.compareTo(MAX_EXTRA) > 0 ? MAX_EXTRA : extra;
    }

    /** Tells the owner at once that this target needs {@code extra} more, so that it waits for it (and says so). */
    private void warming(String move, Duration extra) {
        long readyIn = BUDGET.plus(extra).toMillis();
        try {
            answer(Json.write(new Records.Prepared(node.nodeName(), move, 0, readyIn)));
        } catch (Exception e) {
            // The owner then waits its usual bound and moves the group when this node is not ready yet.
            prepareNote("Node '" + node.nodeName() + "' could not ask for more time to prepare to own group '" + group
                    + "': " + ResourceMonitor.messageOf(e));
            return;
        }
        prepareNote("Node '" + node.nodeName() + "' prepares to own group '" + group + "' for up to " + readyIn
                + " ms (its resources' first use here)");
    }

    /**
     * Writes the answer as a multi-op, the way a term writes everything it fences ({@link Fence}): the takeover that
     * follows then does not run Curator's and ZooKeeper's transaction code for the first time either.
     */
    private void answer(byte[] data) throws Exception {
        CuratorFramework client = node.client();
        String path = ZkPaths.prepared(group);
        try {
            client.transaction().forOperations(client.transactionOp().setData().forPath(path, data));
        } catch (KeeperException.NoNodeException first) {
            client.create().orSetData().creatingParentsIfNeeded().forPath(path, data);
        }
    }

    private static void initialize(Class<?> c) {
        try {
            Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e); // it is loaded already: the literal names it
        }
    }

    /**
     * Waits, at most {@code max}, until {@code target} says it is ready for move {@code move}, and says in the cluster
     * log how it went (a WARN when it did not answer in time). A target that answers it needs longer (still preparing)
     * extends the wait by what it asked for, at most {@link #MAX_EXTRA}. Returns whether it became ready; the caller
     * moves the group either way.
     */
    boolean awaitReady(String target, String move, long epoch, Duration max) {
        long start = System.nanoTime();
        boolean ready;
        try {
            ready = answered(
                    target,
                    move,
                    start + max.toNanos(),
                    start + max.plus(MAX_EXTRA).toNanos(),
                    epoch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = false;
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (ready) {
            node.log()
                    .info(
                            "TARGET_READY",
                            group,
                            null,
                            epoch,
                            "Node '" + target + "' is ready to own group '" + group + "' after " + waited
                                    + " ms; the group goes offline on node '" + node.nodeName() + "'");
        } else {
            node.log()
                    .event(
                            "WARN",
                            Component.RCM,
                            EventId.INFO,
                            "TARGET_READY",
                            group,
                            null,
                            epoch,
                            "Node '" + target + "' did not say it was ready to own group '" + group + "' within "
                                    + waited + " ms; the group moves to it anyway");
        }
        return ready;
    }

    private boolean answered(String target, String move, long deadline, long latest, long epoch)
            throws InterruptedException {
        boolean extended = false;
        synchronized (seen) {
            while (true) {
                Records.Prepared p = last;
                if (p != null && move.equals(p.move()) && target.equals(p.node())) {
                    if (p.ready()) {
                        return true;
                    }
                    if (!extended) {
                        extended = true;
                        long asked = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(p.readyInMillis());
                        deadline = Math.max(deadline, Math.min(latest, asked));
                        preparing(target, p.readyInMillis(), epoch);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(seen, left);
            }
        }
    }

    private void preparing(String target, long readyInMillis, long epoch) {
        node.log()
                .info(
                        "TARGET_PREPARING",
                        group,
                        null,
                        epoch,
                        "Node '" + target + "' needs up to " + readyInMillis + " ms more to prepare to own group '"
                                + group + "'; the group stays online on node '" + node.nodeName() + "' meanwhile");
    }

    /** A line of this node's preparation in the cluster log ({@code PREPARE}, the group's, no resource). */
    private void prepareNote(String message) {
        node.log().info("PREPARE", group, null, 0, message);
    }

    @Override
    public void close() {
        answers.close();
    }
}
