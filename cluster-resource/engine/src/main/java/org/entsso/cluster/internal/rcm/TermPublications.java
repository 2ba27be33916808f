package org.entsso.cluster.internal.rcm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.entsso.cluster.internal.ownership.Fence;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.ZkPaths;

/**
 * What the resources of one ownership term published ({@code published/RESOURCE}) and the network names they
 * registered, and their withdrawal when a resource goes offline: at once, in one fenced round trip, or, during a
 * handover, collected for the term's last writes ({@link #handingOver}, {@link Fence#leaveInBackground}). Thread-safe:
 * resources publish and withdraw on their own threads.
 */
final class TermPublications {
    private final NodeContext node;
    private final String group;
    private final Fence fence;
    private final TermNames names;
    /** What this term's resources published, by resource; removed when the resource goes offline. */
    private final Map<String, Map<String, String>> publishedInTerm = new ConcurrentHashMap<>();
    /** Set while a handover's resources go offline: their withdrawals wait for the term's last status. */
    private volatile Set<String> deferred;

    TermPublications(NodeContext node, String group, Fence fence) {
        this.node = node;
        this.group = group;
        this.fence = fence;
        this.names = new TermNames(node, group, fence);
    }

    /** {@link TermNames#register(String, String, Map)}. */
    void registerName(String resource, String name, Map<String, String> data) {
        names.register(resource, name, data);
    }

    /** Publishes {@code data} under {@code resource} and registers it as {@code name}, in one fenced multi-op. */
    void publishAs(String resource, String name, Map<String, String> data) {
        names.register(
                resource,
                name,
                data,
                List.of(new Fence.Put(ZkPaths.published(group, resource), Json.write(data), false)));
        publishedInTerm.put(resource, data);
    }

    /** {@code resource} published {@code data} (written by its context). */
    void published(String resource, Map<String, String> data) {
        publishedInTerm.put(resource, data);
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
