package org.entsso.cluster.internal.rcm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.entsso.cluster.internal.ownership.Fence;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.ZkPaths;

/**
 * What the resources of one ownership term published ({@code published/RESOURCE}) and the network names they
 * registered, and their withdrawal when a resource goes offline: at once, in one fenced round trip, or, during a
 * handover, collected for the term's last writes ({@link #handingOver}, {@link Fence#leaveInBackground}).
 *
 * <p>Publications are written without waiting for ZooKeeper's answer ({@link Fence#putAllInBackground}): a resource is
 * Online once its own work is done, and the next resource of a failover's chain starts at once, reading what this one
 * published from memory (issue 14: one round trip per resource was most of the time from the epoch to the Master
 * Secret Service). ZooKeeper applies them in order, before anything this node writes later. An answer other than OK
 * is dealt with on the RCM thread: fenced, the term ends ({@code deposed}); otherwise the publication is written again
 * the careful way ({@link Fence#putAll}), unless withdrawn meanwhile, and if that fails too the resource fails
 * ({@code failed}), as a resource whose publication failed always did. Thread-safe: resources publish and withdraw on
 * their own threads.
 */
final class TermPublications {
    private final NodeContext node;
    private final String group;
    private final Fence fence;
    private final TermNames names;
    private final Executor rcm;
    private final Consumer<Fence.FencedException> deposed;
    private final BiConsumer<String, String> failed;
    /** What this term's resources published, by resource; removed when the resource goes offline. */
    private final Map<String, Map<String, String>> publishedInTerm = new ConcurrentHashMap<>();
    /**
     * The last write queued for each znode: a write written again the careful way leaves out what a later one wrote
     * (the Network Name's registration, refused by the previous owner's ephemeral, was written again after the Master
     * Secret Service had registered the same name with its endpoint, and SSO servers lost the endpoint).
     */
    private final Map<String, List<Fence.Put>> lastQueued = new ConcurrentHashMap<>();
    /** Set while a handover's resources go offline: their withdrawals wait for the term's last status. */
    private volatile Set<String> deferred;

    /**
     * The publications of the term of {@code fence}; {@code rcm} runs what an answer other than OK calls for,
     * {@code deposed} hears that another term began, {@code failed} that a resource's publication could not be written
     * (resource, why).
     */
    TermPublications(
            NodeContext node,
            String group,
            Fence fence,
            Executor rcm,
            Consumer<Fence.FencedException> deposed,
            BiConsumer<String, String> failed) {
        this.node = node;
        this.group = group;
        this.fence = fence;
        this.names = new TermNames(node, group, fence);
        this.rcm = rcm;
        this.deposed = deposed;
        this.failed = failed;
    }

    /** Registers {@code name -> data} for {@code resource} ({@link TermNames#register}), in the background. */
    void registerName(String resource, String name, Map<String, String> data) {
        write(resource, names.register(resource, name, data, List.of()), () -> names.has(resource, name));
    }

    /** Publishes {@code data} under {@code resource} and registers it as {@code name}, in one fenced multi-op. */
    void publishAs(String resource, String name, Map<String, String> data) {
        publishedInTerm.put(resource, data);
        List<Fence.Put> puts = names.register(
                resource,
                name,
                data,
                List.of(new Fence.Put(ZkPaths.published(group, resource), Json.write(data), false)));
        write(resource, puts, () -> publishedInTerm.get(resource) == data && names.has(resource, name));
    }

    /** Publishes {@code data} under {@code resource}, in the background. */
    void publish(String resource, Map<String, String> data) {
        publishedInTerm.put(resource, data);
        write(
                resource,
                List.of(new Fence.Put(ZkPaths.published(group, resource), Json.write(data), false)),
                () -> publishedInTerm.get(resource) == data);
    }

    /**
     * Queues {@code puts}; a failed answer is dealt with on the RCM thread while {@code wanted} still holds, leaving
     * out the znodes a later write has been queued for (written, or written again by its own answer) and not withdrawn
     * since.
     */
    private void write(String resource, List<Fence.Put> puts, BooleanSupplier wanted) {
        CompletableFuture<Boolean> answer;
        synchronized (lastQueued) { // queued in the order they are recorded
            puts.forEach(p -> lastQueued.put(p.path(), puts));
            answer = fence.putAllInBackground(puts);
        }
        answer.whenComplete((written, error) -> {
            if (error == null && written) {
                return;
            }
            rcm.execute(() -> {
                if (error instanceof Fence.FencedException e) {
                    deposed.accept(e);
                    return;
                }
                if (!wanted.getAsBoolean()) {
                    return; // withdrawn meanwhile: writing it now would bring back what the resource took away
                }
                List<Fence.Put> latest = puts.stream()
                        .filter(p -> lastQueued.getOrDefault(p.path(), puts) == puts)
                        .toList();
                if (latest.isEmpty()) {
                    return;
                }
                try {
                    fence.putAll(latest);
                } catch (Fence.FencedException e) {
                    deposed.accept(e);
                } catch (RuntimeException e) {
                    failed.accept(resource, "could not publish to ZooKeeper: " + ResourceMonitor.messageOf(e));
                }
            });
        });
    }

    /** What {@code resource} published in this term, if it did. */
    Optional<Map<String, String>> publishedBy(String resource) {
        return Optional.ofNullable(publishedInTerm.get(resource));
    }

    /**
     * Withdraws what {@code resource}, going offline, published and its network names: one fenced round trip when this
     * term knows both exist (what an earlier term may have left is deleted on its own, as before); during a handover,
     * nothing yet: they are collected for {@link #handedOver}.
     */
    void withdraw(String resource, long epoch) {
        String published = ZkPaths.published(group, resource);
        List<String> withdrawn = new ArrayList<>(names.paths(resource));
        boolean known = publishedInTerm.remove(resource) != null;
        boolean maybe = !known && !fence.knownAbsent(published);
        if (known) {
            withdrawn.add(0, published);
        }
        // Withdrawn: an earlier write that is written again later is the znode's latest once more (a Network Name's
        // registration whose create failed names the group's address again after the service's name is withdrawn).
        withdrawn.forEach(lastQueued::remove);
        lastQueued.remove(published);
        Set<String> later = deferred;
        if (later != null) {
            synchronized (later) {
                later.addAll(withdrawn);
                if (maybe) {
                    later.add(published);
                }
            }
            names.forget(resource);
            return;
        }
        try {
            if (maybe) {
                fence.delete(published); // a resource that publishes nothing costs no round trip
            }
            fence.deleteAll(withdrawn);
            names.forget(resource);
        } catch (RuntimeException e) {
            // Best effort: the group's next owner overwrites it; say so once rather than hide it.
            node.log()
                    .info(
                            "PUBLISHED_CLEANUP",
                            group,
                            resource,
                            epoch,
                            "Could not withdraw what resource '" + resource + "' published: "
                                    + ResourceMonitor.messageOf(e));
        }
    }

    /** A handover's resources go offline from now on: their withdrawals are collected, not written. */
    void handingOver() {
        deferred = new LinkedHashSet<>();
    }

    /** The withdrawals collected since {@link #handingOver}, for the term's last writes; collects no more. */
    List<String> handedOver() {
        Set<String> collected = deferred;
        deferred = null;
        if (collected == null) {
            return List.of();
        }
        synchronized (collected) {
            return List.copyOf(collected);
        }
    }

    /** {@link TermNames#unregisterAll}: the term ends. */
    void unregisterAll() {
        names.unregisterAll();
    }
}
