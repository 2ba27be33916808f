package org.entsso.cluster.internal.rcm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.internal.ownership.Fence;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;

/**
 * What the leader of a group's election reads to decide where the group belongs, and what follows from it: the
 * participants in queue order, the placement snapshot, the move target, the last status and the epoch znode (the term's
 * fence starts from it). Read in two round trips side by side (issue 14: not nine in a row); a move's target that
 * leads reads in one, and the placement snapshot, which only its term's start needs, arrives while it takes the epoch.
 *
 * @param participants the election's nodes in queue order (empty when it could not be read; only the leader itself
 *     when it is the move's target, which takes the group whoever else is in the election)
 * @param reading what placement decides from, read or being read ({@link #snapshot})
 * @param target the recorded move target, if any
 * @param targetExists whether a target znode is left to remove (even an unreadable one)
 * @param status the group's last status, if any
 * @param epoch the epoch znode as read (empty before the group's first term)
 */
record LeaderView(
        List<String> participants,
        CompletableFuture<Placement.Snapshot> reading,
        Optional<Records.Target> target,
        boolean targetExists,
        Optional<Records.GroupStatus> status,
        Optional<Zk.Versioned> epoch) {

    /** Reads what the leader of {@code group}'s election decides from. */
    static LeaderView read(NodeContext node, GroupElection election, GroupSpec spec, String group) {
        CompletableFuture<Placement.Snapshot> reading = node.placement().snapshot(spec);
        Map<String, Optional<Zk.Versioned>> state = new LinkedHashMap<>();
        for (String path : List.of(ZkPaths.target(group), ZkPaths.status(group), ZkPaths.epoch(group))) {
            state.put(path, Optional.empty());
        }
        if (election.watchedTargetIs(node.nodeName())) {
            // A planned move's target: one round trip for the target, the last status and the epoch znode. Still
            // the target, it takes the group whoever else is in the election, so it does not read them.
            state.putAll(node.zk().readAll(List.copyOf(state.keySet())));
            LeaderView view = of(List.of(node.nodeName()), reading, group, state);
            if (view.target().filter(t -> t.node().equals(node.nodeName())).isPresent()) {
                return view;
            }
        }
        // With the participants' ids, in one round trip: the move target, the last status and the epoch znode.
        List<String> participants = election.participants(state);
        if (participants.isEmpty()) {
            // The election could not be read (said in the log): read what the decision needs on its own.
            state.putAll(node.zk().readAll(List.copyOf(state.keySet())));
        }
        return of(participants, reading, group, state);
    }

    /** The view from the election's {@code participants} and the {@code state} znodes read by {@link #read}. */
    private static LeaderView of(
            List<String> participants,
            CompletableFuture<Placement.Snapshot> reading,
            String group,
            Map<String, Optional<Zk.Versioned>> state) {
        return new LeaderView(
                participants,
                reading,
                json(state.get(ZkPaths.target(group)), Records.Target.class),
                state.get(ZkPaths.target(group)).isPresent(),
                json(state.get(ZkPaths.status(group)), Records.GroupStatus.class),
                state.get(ZkPaths.epoch(group)));
    }

    /** What placement decides from; waits for it when it is still being read. */
    Placement.Snapshot snapshot() {
        return Placement.await(reading);
    }

    /** The participants plus the Up, allowed nodes that have not joined the election yet. */
    static List<String> candidates(List<String> participants, List<String> eligible) {
        List<String> candidates = new ArrayList<>(participants);
        for (String n : eligible) {
            if (!candidates.contains(n)) {
                candidates.add(n);
            }
        }
        return candidates;
    }

    /** The last owner, from the last status. */
    String previous() {
        return status.map(Records.GroupStatus::owner).orElse(null);
    }

    /**
     * Where the group belongs: a move's target that may take it, else {@code self} when it owned the group last (its
     * session came back), else placement's choice among the candidates.
     */
    String preferredOwner(String self, Placement placement, GroupSpec spec) {
        List<String> candidates = candidates(participants, snapshot().eligible());
        if (target.isPresent() && candidates.contains(target.get().node())) {
            return target.get().node();
        }
        if (self.equals(previous())) {
            return self;
        }
        return placement.chooseOwner(spec, snapshot(), candidates, previous()).orElse(self);
    }

    /** Placement's choice among the participants alone (the preferred node did not join in time). */
    String ownerAmongParticipants(String self, Placement placement, GroupSpec spec) {
        return placement.chooseOwner(spec, snapshot(), participants, previous()).orElse(self);
    }

    /** Why the group goes to {@code chosen}: a move's reason when it is the move's target, else placement. */
    String reasonFor(String chosen) {
        return target.filter(t -> t.node().equals(chosen))
                .map(Records.Target::reason)
                .orElse("placement");
    }

    /** The previous owner, another node, stopped without taking the group offline. */
    private boolean stoppedWithoutHandover(String self) {
        String previous = previous();
        return previous != null
                && !previous.equals(self)
                && status.map(s -> !s.state().equals(GroupState.Offline.name())).orElse(false);
    }

    /**
     * Whether {@code self} waits the takeover guard: a previous owner whose session the server expired may not have
     * noticed yet (its connection is closed a moment later); it is already fenced by the epoch, and the guard keeps its
     * resources and ours from running side by side. A crashed or partitioned owner stopped long before (Curator
     * suspends at 2/3 of the session timeout). See Curator Tech Note 10 in anchors/vault.md §8.
     */
    boolean guard(String self) {
        return stoppedWithoutHandover(self) && !snapshot().live().contains(previous());
    }

    /**
     * A failover, not a planned move: the previous owner stopped without taking the group offline (crash, lost
     * session, pause), or its failover policy handed the group on. Decided here, by the node that knows, and published
     * with the term's status so that every node counts it alike (GroupWatch).
     */
    boolean failover(String self) {
        String previous = previous();
        return stoppedWithoutHandover(self)
                || (previous != null
                        && !previous.equals(self)
                        && target.map(t -> TermPolicy.FAILOVER.equals(t.reason()))
                                .orElse(false));
    }

    /**
     * What a term reads once fenced: the administrator's intent, the resources' checkpoints and whether each resource's
     * published znode is there (a crashed owner's is; a handed-over one's is not), so that the fence writes it with the
     * resource's name in one multi-op.
     */
    static List<String> termPaths(String group, GroupSpec spec) {
        List<String> paths = new ArrayList<>();
        paths.add(ZkPaths.intent(group));
        spec.resources().forEach(r -> paths.add(ZkPaths.checkpoint(group, r.name())));
        spec.resources().forEach(r -> paths.add(ZkPaths.published(group, r.name())));
        return paths;
    }

    /**
     * A takeover's round trips, with nothing written: its reads, and the epoch's increment refused by ZooKeeper ({@link
     * Fence#rehearseAcquire}). A move's target runs them while it prepares, and every standby once after it joins the
     * election ({@link MovePreparation}), so that a takeover does not run this code for the first time.
     */
    static void rehearse(NodeContext node, GroupElection election, GroupSpec spec, String group) {
        read(node, election, spec, group);
        LeaderLatch latch = election.latch();
        String latchPath = latch == null ? null : latch.getOurPath();
        Zk.call(() -> Fence.rehearseAcquire(
                node.client(),
                ZkPaths.epoch(group),
                latchPath,
                epoch -> List.of(new Fence.Put(
                        ZkPaths.status(group),
                        Json.write(GroupTerm.pendingStatus(node.nodeName(), epoch, false)),
                        false)),
                termPaths(group, spec)));
    }

    /** A znode's JSON as {@code type}; empty when it is absent or empty. */
    static <T> Optional<T> json(Optional<Zk.Versioned> znode, Class<T> type) {
        return znode.filter(v -> v.data().length > 0).map(v -> Json.read(v.data(), type));
    }
}
