package org.entsso.cluster.internal.rcm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.internal.ownership.Fence;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.ZkPaths;

/**
 * The network names the resources of one ownership term registered ({@code /names/NAME}, ephemeral, fenced by the
 * term's epoch). A name is removed when its resource goes offline or the term ends, but only while the term is still
 * the group's: once another node owns the group, the name is its registration. Thread-safe.
 */
final class TermNames {
    private final NodeContext node;
    private final String group;
    private final Fence fence;
    private final Map<String, List<String>> byResource = new HashMap<>();

    TermNames(NodeContext node, String group, Fence fence) {
        this.node = node;
        this.group = group;
        this.fence = fence;
    }

    /**
     * Records {@code name} as registered by {@code resource} and returns what registers it, for the caller to write:
     * {@code alsoPut} (what the resource publishes with its name: one round trip on a failover's path, issue 14), then
     * the name's ephemeral znode with {@code data} plus the group, resource, owner node, host and epoch.
     */
    List<Fence.Put> register(String resource, String name, Map<String, String> data, List<Fence.Put> alsoPut) {
        Map<String, String> entry = new LinkedHashMap<>(data);
        entry.put("Group", group);
        entry.put("Resource", resource);
        entry.put("OwnerNode", node.nodeName());
        entry.put("Host", entry.getOrDefault("Host", node.nodeHost()));
        entry.put("Epoch", String.valueOf(fence.epoch()));
        List<Fence.Put> puts = new ArrayList<>(alsoPut);
        puts.add(new Fence.Put(ZkPaths.name(name), Json.write(entry), true));
        synchronized (byResource) {
            List<String> list = byResource.computeIfAbsent(resource, k -> new ArrayList<>());
            if (!list.contains(name)) {
                list.add(name);
            }
        }
        return puts;
    }

    /** Whether {@code resource} still has {@code name} registered (not withdrawn since). */
    boolean has(String resource, String name) {
        synchronized (byResource) {
            return byResource.getOrDefault(resource, List.of()).contains(name);
        }
    }

    /**
     * The znodes of the names {@code resource} registered, for the caller to delete with what else the resource
     * withdraws in one fenced multi-op; {@link #forget} them once deleted.
     */
    List<String> paths(String resource) {
        synchronized (byResource) {
            return byResource.getOrDefault(resource, List.of()).stream()
                    .map(ZkPaths::name)
                    .toList();
        }
    }

    /** The names of {@code resource} were deleted by the caller. */
    void forget(String resource) {
        synchronized (byResource) {
            byResource.remove(resource);
        }
    }

    /** Removes the names {@code resource} registered. */
    void unregister(String resource) {
        List<String> list;
        synchronized (byResource) {
            list = List.copyOf(byResource.getOrDefault(resource, List.of()));
        }
        for (String name : list) {
            try {
                // Fenced: once another node owns the group, the name is its registration, not ours to remove.
                fence.delete(ZkPaths.name(name));
            } catch (ClusterException e) {
                // Deposed or disconnected: the ephemeral goes with our session anyway. Said once per name, so a name
                // left behind is explained in the log (issue 9 item 5).
                node.log()
                        .info(
                                "NAME_KEPT",
                                group,
                                resource,
                                fence.epoch(),
                                "Network name '" + name + "' was not removed: " + ResourceMonitor.messageOf(e));
            }
        }
    }

    /** Removes every name of the term. */
    void unregisterAll() {
        List<String> resources;
        synchronized (byResource) {
            resources = List.copyOf(byResource.keySet());
        }
        resources.forEach(this::unregister);
    }
}
