package org.entsso.cluster.internal.rcm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.zk.ClusterProperties;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.policy.OwnerSelection;

/**
 * Where groups may and should go, read from the cluster's state in ZooKeeper: eligible nodes, node id order,
 * preferred owners and anti-affinity (anchors/wsfc.md §2.3-2.4). The decision itself is {@link OwnerSelection}'s.
 * Thread-safe (stateless apart from the ZooKeeper client and the threads that read a {@link Snapshot}).
 */
public final class Placement {
    private final Zk zk;
    private final String nodeName;

    public Placement(Zk zk, String nodeName) {
        this.zk = zk;
        this.nodeName = nodeName;
    }

    /**
     * What a node that leads a group's election decides from (issue 14: a failover's path), each part read at the same
     * time as the others and as the caller's own reads.
     *
     * @param live the nodes with a live session
     * @param eligible those of them that may take the group ({@link #eligibleNodes})
     * @param nodesInIdOrder the registered nodes in id order
     * @param hardAntiAffinity whether the cluster enforces anti-affinity
     */
    record Snapshot(List<String> live, List<String> eligible, List<String> nodesInIdOrder, boolean hardAntiAffinity) {}

    /** Threads that read a {@link Snapshot}'s parts side by side (daemon; idle ones end after a minute). */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "placement-reads");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts reading the {@link Snapshot} for {@code spec}: its three parts side by side, two round trips in all
     * rather than five one after another. The future fails with what ZooKeeper threw.
     */
    CompletableFuture<Snapshot> snapshot(GroupSpec spec) {
        CompletableFuture<List<String>> live = CompletableFuture.supplyAsync(() -> zk.children(ZkPaths.LIVE), READERS);
        CompletableFuture<List<String>> eligible = live.thenApplyAsync(l -> eligibleAmong(spec, l), READERS);
        CompletableFuture<List<String>> order = CompletableFuture.supplyAsync(this::nodesInIdOrder, READERS);
        CompletableFuture<Boolean> hard = CompletableFuture.supplyAsync(this::hardAntiAffinity, READERS);
        return CompletableFuture.allOf(eligible, order, hard)
                .thenApply(none -> new Snapshot(live.join(), eligible.join(), order.join(), hard.join()));
    }

    /** {@link #snapshot}'s result, with ZooKeeper's own exception rethrown. */
    static Snapshot await(CompletableFuture<Snapshot> snapshot) {
        try {
            return snapshot.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Live nodes that are Up (not Joining, not paused) and possible owners of every resource of {@code spec}. */
    List<String> eligibleNodes(GroupSpec spec) {
        return eligibleAmong(spec, zk.children(ZkPaths.LIVE));
    }

    private List<String> eligibleAmong(GroupSpec spec, List<String> live) {
        List<String> result = new ArrayList<>();
        // Every node's two records at once: one round trip, not two per node (issue 14: a new owner's decision).
        List<String> paths = new ArrayList<>();
        for (String n : live) {
            paths.add(ZkPaths.live(n));
            paths.add(ZkPaths.node(n));
        }
        Map<String, Optional<Zk.Versioned>> records = zk.readAll(paths);
        for (String n : live) {
            boolean up = json(records.get(ZkPaths.live(n)), Records.LiveRecord.class)
                    .map(r -> r.state().equals(NodeState.Up.name()))
                    .orElse(false);
            boolean unpaused = !json(records.get(ZkPaths.node(n)), Records.NodeRecord.class)
                    .map(Records.NodeRecord::paused)
                    .orElse(true);
            boolean possible = spec.resources().stream()
                    .allMatch(r ->
                            r.possibleOwners().isEmpty() || r.possibleOwners().contains(n));
            if (up && unpaused && possible) {
                result.add(n);
            }
        }
        return result;
    }

    private static <T> Optional<T> json(Optional<Zk.Versioned> znode, Class<T> type) {
        return znode == null
                ? Optional.empty()
                : znode.filter(v -> v.data().length > 0).map(v -> Json.read(v.data(), type));
    }

    /** Registered nodes in id order. */
    List<String> nodesInIdOrder() {
        List<Records.NodeRecord> records = new ArrayList<>();
        List<String> paths =
                zk.children(ZkPaths.NODES).stream().map(ZkPaths::node).toList();
        for (Optional<Zk.Versioned> znode : zk.readAll(paths).values()) {
            json(znode, Records.NodeRecord.class).ifPresent(records::add);
        }
        records.sort(Comparator.comparingInt(Records.NodeRecord::id));
        return records.stream().map(Records.NodeRecord::name).toList();
    }

    int nodeCount() {
        return zk.children(ZkPaths.NODES).size();
    }

    /** Where {@code spec} should go among {@code candidates}, leaving {@code leaving} (or null). */
    Optional<String> chooseOwner(GroupSpec spec, List<String> candidates, String leaving) {
        return chooseOwner(spec, nodesInIdOrder(), hardAntiAffinity(), candidates, leaving);
    }

    /** {@link #chooseOwner(GroupSpec, List, String)} from what {@code snapshot} read. */
    Optional<String> chooseOwner(GroupSpec spec, Snapshot snapshot, List<String> candidates, String leaving) {
        return chooseOwner(spec, snapshot.nodesInIdOrder(), snapshot.hardAntiAffinity(), candidates, leaving);
    }

    private Optional<String> chooseOwner(
            GroupSpec spec, List<String> idOrder, boolean hard, List<String> candidates, String leaving) {
        List<String> order = OwnerSelection.paddedPreferredOwners(spec.preferredOwners(), idOrder);
        return OwnerSelection.choose(order, candidates, leaving, antiAffinityConflicts(spec), hard);
    }

    /** Whether hard anti-affinity forbids this node from bringing {@code spec} online. */
    boolean antiAffinityBlocks(GroupSpec spec) {
        return antiAffinityBlocks(spec, hardAntiAffinity());
    }

    /** {@link #antiAffinityBlocks(GroupSpec)}, with whether anti-affinity is hard as {@code snapshot} read it. */
    boolean antiAffinityBlocks(GroupSpec spec, Snapshot snapshot) {
        return antiAffinityBlocks(spec, snapshot.hardAntiAffinity());
    }

    private boolean antiAffinityBlocks(GroupSpec spec, boolean hard) {
        return hard && antiAffinityConflicts(spec).getOrDefault(nodeName, 0) > 0;
    }

    private boolean hardAntiAffinity() {
        return ClusterProperties.read(zk).enforcedAntiAffinity();
    }

    /** node -> number of other groups sharing an anti-affinity class with {@code spec} that it hosts online. */
    private Map<String, Integer> antiAffinityConflicts(GroupSpec spec) {
        Map<String, Integer> conflicts = new LinkedHashMap<>();
        if (spec.properties().antiAffinityClassNames().isEmpty()) {
            return conflicts;
        }
        for (String other : zk.children(ZkPaths.GROUP_SPECS)) {
            if (other.equals(spec.name())) {
                continue;
            }
            Optional<GroupSpec> otherSpec = zk.readJson(ZkPaths.groupSpec(other), Records.GroupSpecJson.class)
                    .map(Records.GroupSpecJson::toSpec);
            boolean shares = otherSpec
                    .map(o -> o.properties().antiAffinityClassNames().stream()
                            .anyMatch(spec.properties().antiAffinityClassNames()::contains))
                    .orElse(false);
            if (shares) {
                zk.readJson(ZkPaths.status(other), Records.GroupStatus.class)
                        .filter(s -> !s.state().equals("Offline") && !s.state().equals("AntiAffinityConflict"))
                        .ifPresent(s -> conflicts.merge(s.owner(), 1, Integer::sum));
            }
        }
        return conflicts;
    }
}
