package org.entsso.cluster.internal.rcm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.locks.LockInternals;
import org.apache.curator.framework.recipes.locks.StandardLockInternalsDriver;
import org.apache.curator.utils.ZKPaths;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;

/**
 * This node's place in one group's election: a Curator {@link LeaderLatch} it joins, leaves, or leaves and joins again
 * at the back of the queue; the queue itself, read in one round trip with whatever else the caller needs; and the
 * group's move target, watched so that a participant with no term that is ahead of the target steps behind it.
 *
 * <p>Joining, leaving and stepping behind run on the group's RCM thread ({@code rcm}); the listener hears Curator's
 * leadership changes on Curator's thread, as {@link LeaderLatchListener} does.
 */
final class GroupElection implements AutoCloseable {
    /** Leadership changes of the latch this election joined; on Curator's thread. */
    interface Listener {
        void isLeader(LeaderLatch latch);

        void notLeader(LeaderLatch latch);

        /** This node is the target of a move whose owner waits for it to prepare ({@link MovePreparation}). */
        void targeted(Records.Target target);
    }

    /** The prefix of LeaderLatch's znodes (Curator's LeaderLatch.LOCK_NAME, private there). */
    private static final String LATCH_LOCK_NAME = "latch-";

    private final NodeContext node;
    private final String group;
    private final Listener listener;
    /** Whether this node holds a term of the group now: then it never steps behind a target. */
    private final BooleanSupplier holdsTerm;
    /** Whether this node may be in the election now (Up, unpaused, a possible owner): a yield joins again only then. */
    private final BooleanSupplier eligible;
    /** The group's move target, watched so that participants ahead of it step behind it ({@link #onTarget}). */
    private final CuratorCache targetWatch;

    /** How long a handover waits for the participants ahead of its target to step behind it. */
    private static final long STEP_BEHIND_WAIT_MILLIS = 500;

    private volatile LeaderLatch latch;
    private volatile boolean closed;

    GroupElection(
            NodeContext node,
            String group,
            Executor rcm,
            BooleanSupplier holdsTerm,
            BooleanSupplier eligible,
            Listener listener) {
        this.node = node;
        this.group = group;
        this.listener = listener;
        this.holdsTerm = holdsTerm;
        this.eligible = eligible;
        this.targetWatch =
                CuratorCache.build(node.client(), ZkPaths.target(group), CuratorCache.Options.SINGLE_NODE_CACHE);
        targetWatch
                .listenable()
                .addListener(CuratorCacheListener.builder()
                        .forCreatesAndChanges((before, after) -> rcm.execute(() -> onTarget(after.getData())))
                        .build());
        targetWatch.start();
    }

    /**
     * Whether the move target this node last saw recorded (its watch's copy, no round trip) names {@code nodeName}: the
     * leader then reads the target again and little else ({@link LeaderView#read}).
     */
    boolean watchedTargetIs(String nodeName) {
        return targetWatch
                .get(ZkPaths.target(group))
                .map(d -> d.getData())
                .filter(data -> data != null && data.length > 0)
                .map(data -> {
                    try {
                        return nodeName.equals(
                                Json.read(data, Records.Target.class).node());
                    } catch (RuntimeException unreadable) {
                        return false;
                    }
                })
                .orElse(false);
    }

    /** The latch this node is in the election with, or null when it is not in it. */
    LeaderLatch latch() {
        return latch;
    }

    boolean joined() {
        return latch != null;
    }

    /** Joins the election (at the back of the queue). */
    void join() {
        LeaderLatch l = new LeaderLatch(
                node.client(), ZkPaths.latch(group), node.nodeName(), LeaderLatch.CloseMode.NOTIFY_LEADER);
        l.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                // On Curator's thread, before the RCM thread decides: where a failover's time goes starts here.
                node.log()
                        .event(
                                "INFO",
                                Component.GUM,
                                EventId.INFO,
                                "ELECTED",
                                group,
                                null,
                                0,
                                "Node '" + node.nodeName() + "' leads the election of group '" + group + "'");
                listener.isLeader(l);
            }

            @Override
            public void notLeader() {
                listener.notLeader(l);
            }
        });
        latch = l;
        try {
            l.start();
        } catch (Exception e) {
            latch = null;
            node.log()
                    .info(
                            "ELECTION",
                            group,
                            null,
                            0,
                            "Could not join the election of group '" + group + "': " + e.getMessage());
        }
    }

    /** Leaves the election. */
    void leave() {
        LeaderLatch l = latch;
        latch = null;
        if (l != null) {
            try {
                l.close();
            } catch (IllegalStateException e) {
                // LeaderLatch.close() throws this only when the latch is already closed: nothing left to leave.
                node.log()
                        .info("ELECTION", group, null, 0, "Election latch of group '" + group + "' was already closed");
            } catch (IOException e) {
                node.log()
                        .info(
                                "ELECTION",
                                group,
                                null,
                                0,
                                "Leaving the election of group '" + group + "' failed (the session's end removes it): "
                                        + ResourceMonitor.messageOf(e));
            }
        }
    }

    /** Leaves the election and joins again at the back of the queue, if still eligible: the next one decides. */
    void yieldTurn() {
        leave();
        if (!closed && eligible.getAsBoolean()) {
            join();
        }
    }

    /** The nodes currently in the group's election (their latch znodes exist), in queue order. */
    List<String> participants() {
        return participants(new LinkedHashMap<>());
    }

    /**
     * {@link #participants()}, reading the znodes keyed in {@code alsoRead} in the same round trip as the
     * participants' ids and putting what they hold there (the leader's decision needs both, issue 14). Empty, said in
     * the log, when the election cannot be read.
     */
    List<String> participants(Map<String, Optional<Zk.Versioned>> alsoRead) {
        if (latch == null) {
            return new ArrayList<>();
        }
        try {
            // What LeaderLatch.getParticipants() reads (the latch znodes in sequence order, each holding its
            // participant's id), but every id at once rather than one round trip per participant (issue 14).
            String latchPath = ZkPaths.latch(group);
            List<String> sorted = LockInternals.getSortedChildren(
                    LATCH_LOCK_NAME,
                    (child, lockName) -> StandardLockInternalsDriver.standardFixForSorting(child, lockName),
                    node.zk().children(latchPath));
            List<String> paths =
                    sorted.stream().map(c -> ZKPaths.makePath(latchPath, c)).toList();
            List<String> all = new ArrayList<>(paths);
            all.addAll(alsoRead.keySet());
            Map<String, Optional<Zk.Versioned>> read = node.zk().readAll(all);
            alsoRead.replaceAll((path, none) -> read.get(path));
            List<String> ids = new ArrayList<>();
            for (String path : paths) {
                read.get(path)
                        .map(v -> new String(v.data(), StandardCharsets.UTF_8))
                        .filter(id -> !ids.contains(id))
                        .ifPresent(ids::add);
            }
            return ids;
        } catch (Exception e) {
            // The decision this feeds (placement, drain, failover) treats "unknown" as "nobody else": say why once.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            node.log()
                    .info(
                            "ELECTION",
                            group,
                            null,
                            0,
                            "Could not read the election of group '" + group + "': " + ResourceMonitor.messageOf(e));
            return new ArrayList<>();
        }
    }

    /**
     * A target was recorded (a planned move, a drain, a deferral). The target prepares when the owner waits for it
     * ({@link Listener#targeted}); a participant with no term that is ahead of the target in the election steps behind
     * it, so that the target leads as soon as the owner leaves, instead of this
     * node leading, reading the target and deferring (about 230 ms of every planned move on two loaded cores, issue
     * 14). RCM thread.
     */
    private void onTarget(byte[] data) {
        if (closed || data == null || data.length == 0) {
            return;
        }
        Records.Target recorded;
        try {
            recorded = Json.read(data, Records.Target.class);
        } catch (RuntimeException unreadable) {
            return; // onLeader reads it again when this node leads, and says so there
        }
        String target = recorded.node();
        if (target == null) {
            return;
        }
        if (target.equals(node.nodeName())) {
            if (recorded.move() != null && !holdsTerm.getAsBoolean()) {
                listener.targeted(recorded);
            }
            return;
        }
        if (latch == null || holdsTerm.getAsBoolean()) {
            return;
        }
        List<String> participants = participants();
        int mine = participants.indexOf(node.nodeName());
        int theirs = participants.indexOf(target);
        // First in the queue means leading: onLeader decides. Absent from the queue: nothing to step behind.
        if (mine <= 0 || theirs < 0 || mine > theirs) {
            return;
        }
        node.log()
                .info(
                        "ELECTION",
                        group,
                        null,
                        0,
                        "Node '" + node.nodeName() + "' steps behind node '" + target + "' in the election of group '"
                                + group + "', the group's target");
        yieldTurn();
    }

    /**
     * Before a handover leaves the election: reads the election in the background, again every 50 ms, until
     * {@code target} is right behind this node, so that it leads the moment this node leaves. The participants ahead of
     * it step behind it when they see the target ({@link #onTarget}); a handover faster than they are would otherwise
     * let one of them lead, read the target and defer (a few hundred milliseconds more). Started when the target is
     * recorded, it is done long before the resources go offline: a node that stepped behind stays behind (it rejoins
     * at the back), so an early answer stays true. Completes when in order, unreadable, or {@link
     * #STEP_BEHIND_WAIT_MILLIS} after {@code preparation} (how long the target may take to prepare).
     */
    CompletableFuture<Void> nextInLine(String target, Duration preparation) {
        ScheduledExecutorService timers = node.timers();
        long deadline =
                System.nanoTime() + preparation.toNanos() + TimeUnit.MILLISECONDS.toNanos(STEP_BEHIND_WAIT_MILLIS);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            try {
                List<String> participants = participants();
                if (inOrder(participants, target) || System.nanoTime() >= deadline || closed) {
                    done.complete(null);
                } else {
                    timers.schedule(check[0], 50, TimeUnit.MILLISECONDS);
                }
            } catch (RejectedExecutionException e) {
                done.complete(null); // the node's timers are shut down: it is closing, nothing to wait for
            }
        };
        timers.execute(check[0]);
        return done;
    }

    /**
     * Waits for {@link #nextInLine} at most {@link #STEP_BEHIND_WAIT_MILLIS} more: the handover's resources are offline
     * and it is about to leave the election. RCM thread.
     */
    static void awaitNext(CompletableFuture<Void> nextInLine) {
        try {
            nextInLine.get(STEP_BEHIND_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            return; // the target may not lead next; whoever does reads the target and defers to it
        }
    }

    /** Whether nobody stands between this node and {@code target} in {@code participants} (or either is absent). */
    private boolean inOrder(List<String> participants, String target) {
        int mine = participants.indexOf(node.nodeName());
        int theirs = participants.indexOf(target);
        return mine < 0 || theirs < 0 || theirs == mine + 1;
    }

    /** Stops watching the target and leaves the election. */
    @Override
    public void close() {
        closed = true;
        targetWatch.close();
        leave();
    }
}
