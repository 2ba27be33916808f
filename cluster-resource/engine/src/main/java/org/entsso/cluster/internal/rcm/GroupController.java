package org.entsso.cluster.internal.rcm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.events.GroupObservation;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.ownership.Fence;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;

/**
 * This node's part in one group: it takes part in the group's election ({@link GroupElection}, a Curator
 * {@link LeaderLatch} among the Up, unpaused, possible-owner nodes) and, when it wins, decides where the group belongs. If the placement rules pick
 * another participant (a planned move's target, the next preferred owner after a lost node), it records that node as
 * the target and yields its place in the election; the chosen node takes ownership when its turn comes. Taking
 * ownership increments the group's epoch in ZooKeeper with a compare-and-set, which starts a fenced {@link GroupTerm}.
 *
 * <p>All decisions run on the group's single RCM thread; leadership loss aborts the term at once on the thread that
 * reports it.
 *
 * <p>Over 500 lines because the decisions (lead, defer, take, retry, hand over) share that thread's state; what stands
 * apart lives apart: {@link GroupElection}, {@link LeaderView}, {@link MovePreparation}, {@link TakeoverTimes}.
 */
public final class GroupController implements AutoCloseable {
    private final NodeContext node;
    private final String group;
    private final ExecutorService rcm;
    private final GroupElection election;
    private volatile GroupTerm term;
    private volatile GroupSpec spec;
    private volatile boolean closed;
    private final GroupRequests requests;
    private final GroupWatch watch;
    /** When the node this one is waiting for to join the election was first seen missing (0 = not waiting). */
    private long awaitingSince;

    private final TakeoverTimes takeoverTimes = new TakeoverTimes();
    /** How long an answered request stays for an administrator to collect. */
    static final java.time.Duration ANSWER_KEPT = java.time.Duration.ofMinutes(5);
    /** How long an Up node may take to join a group's election before the others stop waiting for it. */
    private static final long JOIN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** The failed attempts to take the group while leading, and the ticks that found it leading without a term. */
    private final LeadAttempts attempts = new LeadAttempts();
    /** A planned move's preparation: this node's, as a target; its target's answer, as an owner. */
    private final MovePreparation preparation;
    /**
     * How long after first joining the election a standby rehearses a takeover: the node's own start-up, and the
     * group's first owner's election, come first.
     */
    static final long STANDBY_REHEARSAL_DELAY_MILLIS = 5_000;
    /** Whether the standby rehearsal was scheduled (once per controller). RCM thread. */
    private boolean standbyRehearsalScheduled;

    public GroupController(NodeContext node, String group) {
        this.node = node;
        this.group = group;
        this.requests = new GroupRequests(node, this, group);
        this.watch = GroupWatch.start(node.client(), group, node.observers()::observed);
        this.preparation = new MovePreparation(node, group);
        this.rcm = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rcm-" + group + "@" + node.nodeName());
            t.setDaemon(true);
            return t;
        });
        this.election = new GroupElection(
                node,
                group,
                this::execute,
                () -> term != null,
                () -> !closed && spec != null && node.mayHost(spec),
                new GroupElection.Listener() {
                    @Override
                    public void isLeader(LeaderLatch l) {
                        takeoverTimes.heard();
                        execute(() -> onLeader(l));
                    }

                    @Override
                    public void notLeader(LeaderLatch l) {
                        GroupTerm t = term;
                        if (t != null && election.latch() == l) {
                            t.abort("leadership of the group's election was lost");
                        }
                        execute(() -> onNotLeader(l));
                    }

                    @Override
                    public void targeted(Records.Target target) {
                        GroupSpec s = spec;
                        if (s != null && !closed) {
                            preparation.prepare(target.move(), s, () -> LeaderView.rehearse(node, election, s, group));
                        }
                    }
                });
    }

    public String group() {
        return group;
    }

    public GroupTerm term() {
        return term;
    }

    /** This node's view of the group (owner, state, epoch, owner changes and failovers seen). */
    public GroupObservation observation() {
        return watch.latest();
    }

    public void execute(Runnable task) {
        if (!closed) {
            rcm.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    node.log()
                            .info(
                                    "RCM_ERROR",
                                    group,
                                    null,
                                    0,
                                    "Group '" + group + "': " + ResourceMonitor.messageOf(e));
                }
            });
        }
    }

    /** The nodes currently in the group's election (their latch znodes exist), in queue order. */
    List<String> participants() {
        return election.participants();
    }

    /**
     * The nodes that may take the group: those in its election plus those Up and allowed that have not joined it
     * yet (a controller joins a moment after its node comes Up).
     */
    List<String> candidates(List<String> participants) {
        return LeaderView.candidates(
                participants, spec == null ? List.of() : node.placement().eligibleNodes(spec));
    }

    /**
     * Once per controller, {@link #STANDBY_REHEARSAL_DELAY_MILLIS} after it first joins the election: when it is then a
     * standby of the group, it rehearses a takeover ({@link MovePreparation#rehearseAsStandby}). RCM thread.
     */
    private void scheduleStandbyRehearsal() {
        if (standbyRehearsalScheduled) {
            return;
        }
        standbyRehearsalScheduled = true;
        node.timers()
                .schedule(
                        () -> execute(() -> {
                            GroupSpec s = spec;
                            if (!closed && term == null && election.joined() && s != null) {
                                preparation.rehearseAsStandby(() -> LeaderView.rehearse(node, election, s, group));
                            }
                        }),
                        STANDBY_REHEARSAL_DELAY_MILLIS,
                        TimeUnit.MILLISECONDS);
    }

    /** Re-evaluates eligibility after a change of definition, pause state or connection. RCM thread. */
    public void reconcile(Optional<GroupSpec> latest) {
        latest.ifPresent(s -> {
            GroupTerm t = term;
            if (t != null && !s.equals(spec)) {
                t.updateSpec(s);
            }
            spec = s;
        });
        if (latest.isEmpty()) {
            spec = null;
        }
        boolean eligible = spec != null && node.mayHost(spec);
        if (eligible && !election.joined()) {
            election.join();
            scheduleStandbyRehearsal();
        } else if (!eligible && election.joined() && term == null) {
            election.leave();
        }
    }

    /**
     * This node leads the election: decides where the group belongs and takes it or defers ({@link #lead}). When that
     * fails (ZooKeeper lost again in a reconnect's first seconds, as in a quorum's return; an unreadable znode), it is
     * tried again while this node still leads: a leader that takes nothing keeps every other node from taking the
     * group, and no later event would ask again (issue 14: a CI drill's group stayed ownerless for minutes after its
     * ZooKeeper quorum came back, its last status still saying Online). RCM thread.
     */
    private void onLeader(LeaderLatch l) {
        try {
            lead(l);
            attempts.succeeded();
        } catch (RuntimeException e) {
            retryLead(l, e);
        }
    }

    /** Schedules onLeader again after {@code failure}, backing off, while {@code l} is still this node's latch. */
    private void retryLead(LeaderLatch l, RuntimeException failure) {
        if (l != election.latch() || closed) {
            return; // left the election meanwhile: the next leader decides
        }
        long wait = attempts.failed();
        warnLeading("but could not take it (" + ResourceMonitor.messageOf(failure) + "); it tries again in " + wait
                + " ms");
        node.timers().schedule(() -> execute(() -> onLeader(l)), wait, TimeUnit.MILLISECONDS);
    }

    private void lead(LeaderLatch l) {
        if (l != election.latch() || term != null || !l.hasLeadership() || spec == null) {
            return;
        }
        String self = node.nodeName();
        takeoverTimes.deciding();
        LeaderView view = LeaderView.read(node, election, spec, group);
        takeoverTimes.viewRead();
        String chosen = view.preferredOwner(self, node.placement(), spec);
        if (!chosen.equals(self) && !view.participants().contains(chosen)) {
            if (awaitingSince == 0) {
                awaitingSince = System.nanoTime();
            }
            if (System.nanoTime() - awaitingSince < JOIN_GRACE_NANOS) {
                // The chosen node is Up but not in the election yet: wait briefly rather than race it.
                node.timers().schedule(() -> execute(() -> onLeader(l)), 50, TimeUnit.MILLISECONDS);
                return;
            }
            chosen = view.ownerAmongParticipants(self, node.placement(), spec);
        }
        awaitingSince = 0;
        if (!chosen.equals(self)) {
            // Deferring to a move's target keeps the move's reason: the target reads it to tell a failover.
            node.zk().put(ZkPaths.target(group), Json.write(new Records.Target(chosen, view.reasonFor(chosen))));
            node.log()
                    .info(
                            "ELECTION",
                            group,
                            null,
                            0,
                            "Node '" + self + "' defers group '" + group + "' to node '" + chosen + "'");
            election.yieldTurn();
            return;
        }
        takeOwnership(l, view);
    }

    /**
     * Removes the target this term fulfils without waiting for the answer: ZooKeeper applies a session's requests in
     * order, so the term's status write that follows lands after it, and nobody waits on the removal itself.
     */
    private void deleteTargetInBackground() {
        try {
            node.client().delete().quietly().inBackground().forPath(ZkPaths.target(group));
        } catch (Exception e) {
            // Only queuing failed (the client is closing): the next owner's onLeader finds the target and moves on.
            node.log()
                    .info(
                            "ELECTION",
                            group,
                            null,
                            0,
                            "Could not remove the target of group '" + group + "': " + ResourceMonitor.messageOf(e));
        }
    }

    private void takeOwnership(LeaderLatch l, LeaderView start) {
        boolean failover = start.failover(node.nodeName());
        String epochPath = ZkPaths.epoch(group);
        if (start.epoch()
                .isEmpty()) { // the group's first term; the epoch znode is never deleted while the group exists
            node.zk().createIfAbsent(epochPath, Json.write(0L));
        }
        // The term's first status (Pending until started: readers never mistake the last term's status for this one)
        // goes with the epoch's increment, in the same round trip; so do the reads of what the term starts from, once
        // it is fenced (no deposed owner can change them any more): the administrator's intent and the resources'
        // checkpoints, which the first Online restores.
        Optional<Fence.Started> acquired = Fence.acquire(
                node.client(),
                epochPath,
                l.getOurPath(),
                start.epoch(),
                epoch -> List.of(new Fence.Put(
                        ZkPaths.status(group),
                        Json.write(GroupTerm.pendingStatus(node.nodeName(), epoch, failover)),
                        false)),
                LeaderView.termPaths(group, spec));
        if (acquired.isEmpty()) {
            node.log()
                    .info(
                            "ELECTION",
                            group,
                            null,
                            0,
                            "Node '" + node.nodeName() + "' lost its place in the election of group '" + group
                                    + "' before taking it; it does not start a term and joins the election again");
            // Its latch znode is gone (a session that ended under it): a latch that still believes it leads would
            // keep the others waiting behind a place nobody holds. Back of the queue, if still eligible.
            election.yieldTurn();
            return;
        }
        String takeover = takeoverTimes.epochTaken();
        Fence fence = acquired.get().fence();
        Map<String, Optional<Zk.Versioned>> read = acquired.get().read();
        spec.resources().forEach(r -> {
            String published = ZkPaths.published(group, r.name());
            fence.observed(published, read.get(published).isPresent());
        });
        Records.Intent intent = LeaderView.json(read.get(ZkPaths.intent(group)), Records.Intent.class)
                .orElse(new Records.Intent(true, List.of()));
        Map<String, Optional<byte[]>> checkpoints = new HashMap<>();
        spec.resources()
                .forEach(r -> checkpoints.put(
                        r.name(), read.get(ZkPaths.checkpoint(group, r.name())).map(Zk.Versioned::data)));
        GroupTerm t = new GroupTerm(node, this, rcm, spec, fence, intent, failover, checkpoints);
        term = t;
        try {
            startTerm(l, t, start.guard(node.nodeName()), start, takeover);
        } catch (RuntimeException e) {
            abandon(t, e);
            throw e;
        }
    }

    /**
     * Ends a term that was fenced but could not start (its first status or its resources' start failed on ZooKeeper),
     * so that onLeader's next attempt takes a new epoch rather than keep a term that will never come online.
     */
    private void abandon(GroupTerm t, RuntimeException cause) {
        if (term == t) {
            term = null;
        }
        t.abort("it could not start: " + ResourceMonitor.messageOf(cause));
        requests.stop();
        try {
            t.close();
        } catch (RuntimeException e) {
            node.log()
                    .info("ELECTION", group, null, t.epoch(), "Closing a term that could not start: " + e.getMessage());
        }
    }

    private void startTerm(LeaderLatch l, GroupTerm t, boolean guard, LeaderView start, String takeover) {
        long epoch = t.epoch();
        Fence fence = t.fence();
        if (start.targetExists()) { // a crash failover has none: no round trip for nothing
            deleteTargetInBackground();
        }
        // Absent from here on (the removal above lands first): a handover of this term creates it in one round trip.
        fence.observed(ZkPaths.target(group), false);
        if (!fence.startWritten()) {
            t.publishStatusNow(); // the group's first term: there was no status to overwrite
        }
        if (!guard || node.takeoverGuard().isZero()) {
            t.start(node.placement().antiAffinityBlocks(spec, start.snapshot()), takeover);
            requests.watch(t);
            return;
        }
        node.log()
                .info(
                        "TAKEOVER_GUARD",
                        group,
                        null,
                        epoch,
                        "Node '" + node.nodeName() + "' waits "
                                + node.takeoverGuard().toMillis() + " ms before bringing group '" + group
                                + "' online: its previous owner's session was expired by the server");
        node.timers()
                .schedule(
                        () -> execute(() -> {
                            if (term == t && t.isCurrent()) {
                                try {
                                    t.start(node.placement().antiAffinityBlocks(spec), "");
                                } catch (RuntimeException e) {
                                    abandon(t, e);
                                    retryLead(l, e);
                                    return;
                                }
                                requests.watch(t);
                            }
                        }),
                        node.takeoverGuard().toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    private void onNotLeader(LeaderLatch l) {
        if (l != election.latch()) {
            return; // a latch we already left (yield, handover): its term ended with it
        }
        GroupTerm t = term;
        if (t != null) {
            t.abort("leadership lost");
            requests.stop();
            t.close();
            term = null;
        }
        reconcile(Optional.ofNullable(spec));
    }

    /**
     * {@link MovePreparation#awaitReady} for at most {@link MovePreparation#WAIT}, or {@link MovePreparation#MAX_EXTRA}
     * more when the target asks for it. RCM thread: the group's other requests wait behind the move meanwhile, as they
     * do during its handover.
     */
    boolean awaitTargetReady(String target, String move, long epoch) {
        return preparation.awaitReady(target, move, epoch, MovePreparation.WAIT);
    }

    /** {@link GroupElection#nextInLine}: started when a handover records its target. */
    CompletableFuture<Void> nextInLine(String target) {
        return election.nextInLine(target, MovePreparation.WAIT.plus(MovePreparation.MAX_EXTRA));
    }

    /** Ends a term after a handover (yield = let the target take over) or a re-own. RCM thread. */
    void endTerm(GroupTerm t, boolean yieldToTarget) {
        if (term != t) {
            return;
        }
        term = null;
        requests.stop();
        t.close();
        if (yieldToTarget || !node.mayHost(spec)) {
            election.yieldTurn();
        } else {
            election.leave();
            election.join();
        }
    }

    /** A warning in the cluster log: "Node 'N' leads the election of group 'G' " + {@code what}. */
    private void warnLeading(String what) {
        node.log()
                .event(
                        "WARN",
                        Component.GUM,
                        EventId.INFO,
                        "ELECTION",
                        group,
                        null,
                        0,
                        "Node '" + node.nodeName() + "' leads the election of group '" + group + "' " + what);
    }

    public void policyTick() {
        GroupTerm t = term;
        LeaderLatch l = election.latch();
        // The last line of defence of onLeader's retry: a node that leads the election with no term and nothing
        // pending decides again (a lost event, a retry that was not scheduled).
        boolean leaderless =
                t == null && l != null && !closed && spec != null && awaitingSince == 0 && l.hasLeadership();
        if (attempts.tick(leaderless)) {
            warnLeading("without a term; it decides now");
            onLeader(l);
        }
        if (t != null) {
            t.policyTick();
        }
    }

    /** Drain: hand the group to the best other node, or stop it when forced and none can take it. RCM thread. */
    public boolean drain(boolean force) {
        GroupTerm t = term;
        if (t == null) {
            return false;
        }
        List<String> others = candidates(participants());
        others.remove(node.nodeName());
        Optional<String> target = node.placement().chooseOwner(spec, others, node.nodeName());
        if (target.isPresent()) {
            t.handOver(target.get(), "drain of node '" + node.nodeName() + "'");
            return true;
        }
        if (force) {
            node.log()
                    .event(
                            "WARN",
                            Component.RCM,
                            EventId.GROUP_OFFLINE,
                            "GROUP_OFFLINE",
                            group,
                            null,
                            t.epoch(),
                            "ForceDrain: no node can take group '" + group + "', so it is stopped");
            t.takeOffline();
            endTerm(t, true);
            return true;
        }
        node.log()
                .event(
                        "WARN",
                        Component.RCM,
                        EventId.INFO,
                        "DRAIN_FAILED",
                        group,
                        null,
                        t.epoch(),
                        "Drain could not move group '" + group + "': no other node can host it");
        return false;
    }

    /** Leaves the election at once, terminating what runs here. */
    @Override
    public void close() {
        closed = true;
        GroupTerm t = term;
        if (t != null) {
            t.abort("node shutting down");
        }
        election.close();
        requests.stop();
        watch.close();
        preparation.close();
        rcm.shutdown();
        try {
            if (!rcm.awaitTermination(5, TimeUnit.SECONDS)) {
                rcm.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t != null) {
            t.close();
        }
        term = null;
    }
}
