package org.entsso.cluster.internal.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.NoSuchClusterObjectException;
import org.entsso.cluster.ResourceInfo;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.resource.Checkpoint;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceState;

/**
 * Remove-ClusterGroup, Add-/Remove-ClusterResource and the checkpoint cmdlets (anchors/wsfc.md §2.7, §4), with
 * WSFC's refusals. Every change goes through {@link GroupCatalog}'s compare-and-set; the checks on the definition run
 * inside it, so they hold at the write. The owner applies an added or removed resource while the group runs
 * ({@code GroupTerm}). Thread-safe.
 */
final class ResourceEdits {
    private final Zk zk;
    private final ClusterView view;
    private final GroupCatalog catalog;

    ResourceEdits(Zk zk, ClusterView view, GroupCatalog catalog) {
        this.zk = zk;
        this.view = view;
        this.catalog = catalog;
    }

    /** Removes an Offline group; without {@code withResources}, only one that has no resources left. */
    void removeGroup(String group, boolean withResources) {
        GroupInfo info = view.group(view.spec(group), view.liveNodes());
        if (info.state() != GroupState.Offline) {
            throw new InvalidClusterConfigurationException(
                    "Group '" + info.name() + "' is " + info.state().display() + "; stop it before removing it");
        }
        catalog.delete(info.name(), spec -> {
            if (!withResources && !spec.resources().isEmpty()) {
                throw new InvalidClusterConfigurationException("Group '" + spec.name() + "' still has resources ("
                        + String.join(", ", names(spec.resources())) + "); remove them first, or remove the group"
                        + " with its resources");
            }
        });
        zk.delete(ZkPaths.group(info.name()));
    }

    /** Adds {@code resource} to {@code group}, Offline; returns its row. */
    ResourceInfo addResource(String group, ResourceSpec resource) {
        GroupSpec written = catalog.update(group, spec -> {
            spec.resource(resource.name()).ifPresent(existing -> {
                throw new InvalidClusterConfigurationException(
                        "A resource named '" + existing.name() + "' already exists in group '" + spec.name() + "'");
            });
            List<ResourceSpec> list = new ArrayList<>(spec.resources());
            list.add(resource);
            return new GroupSpec(spec.name(), spec.properties(), spec.preferredOwners(), list);
        });
        return row(written, resource.name());
    }

    /** Removes an Offline or Failed resource that no other resource depends on, with its checkpoint data. */
    void removeResource(String resource) {
        GroupSpec spec = view.groupOf(resource);
        ResourceInfo info = row(spec, resource);
        if (info.state() != ResourceState.Offline && info.state() != ResourceState.Failed) {
            throw new InvalidClusterConfigurationException(
                    "Resource '" + info.name() + "' is " + info.state() + "; stop it before removing it");
        }
        catalog.update(spec.name(), s -> {
            ResourceSpec r =
                    s.resource(resource).orElseThrow(() -> new NoSuchClusterObjectException("resource", resource));
            Set<String> dependents = new TreeSet<>(s.dependentsOf(r.name()));
            if (!dependents.isEmpty()) {
                throw new InvalidClusterConfigurationException("Resource '" + r.name() + "' cannot be removed: "
                        + String.join(", ", dependents) + " depend(s) on it; change that dependency first");
            }
            List<ResourceSpec> list = new ArrayList<>(s.resources());
            list.remove(r);
            return new GroupSpec(s.name(), s.properties(), s.preferredOwners(), list);
        });
        zk.delete(ZkPaths.checkpoint(spec.name(), info.name()));
        zk.delete(ZkPaths.published(spec.name(), info.name()));
    }

    /** Registers {@code checkpoint} on the resource. */
    void addCheckpoint(String resource, Checkpoint checkpoint) {
        GroupSpec spec = view.groupOf(resource);
        catalog.update(spec.name(), s -> {
            ResourceSpec r =
                    s.resource(resource).orElseThrow(() -> new NoSuchClusterObjectException("resource", resource));
            List<Checkpoint> list = new ArrayList<>(r.checkpoints());
            list.add(checkpoint); // ResourceSpec refuses a second registration of the same checkpoint
            return s.withResource(r.withCheckpoints(list));
        });
    }

    /** The checkpoints of one resource, or of every resource that has any, by resource name. */
    Map<String, List<Checkpoint>> checkpoints(Optional<String> resource) {
        Map<String, List<Checkpoint>> map = new LinkedHashMap<>();
        if (resource.isPresent()) {
            ResourceSpec r = view.groupOf(resource.get())
                    .resource(resource.get())
                    .orElseThrow(() -> new NoSuchClusterObjectException("resource", resource.get()));
            map.put(r.name(), r.checkpoints());
            return map;
        }
        for (String group : view.groupNames()) {
            view.findSpec(group)
                    .ifPresent(spec -> spec.resources().stream()
                            .filter(r -> !r.checkpoints().isEmpty())
                            .forEach(r -> map.put(r.name(), r.checkpoints())));
        }
        return map;
    }

    /** Removes the resource's checkpoints named {@code name} (of {@code kind} when given); returns them. */
    List<Checkpoint> removeCheckpoints(String resource, String name, Optional<Checkpoint.Kind> kind) {
        GroupSpec spec = view.groupOf(resource);
        AtomicReference<List<Checkpoint>> removed = new AtomicReference<>();
        catalog.update(spec.name(), s -> {
            ResourceSpec r =
                    s.resource(resource).orElseThrow(() -> new NoSuchClusterObjectException("resource", resource));
            List<Checkpoint> kept = new ArrayList<>();
            List<Checkpoint> gone = new ArrayList<>();
            for (Checkpoint c : r.checkpoints()) {
                boolean match = c.name().equalsIgnoreCase(name.strip())
                        && kind.map(k -> k == c.kind()).orElse(true);
                (match ? gone : kept).add(c);
            }
            if (gone.isEmpty()) {
                String what = kind.map(k -> k.name().toLowerCase(Locale.ROOT) + " checkpoint")
                        .orElse("checkpoint");
                throw new NoSuchClusterObjectException(what, name + "' of resource '" + r.name());
            }
            removed.set(gone);
            return s.withResource(r.withCheckpoints(kept));
        });
        return removed.get();
    }

    private ResourceInfo row(GroupSpec spec, String resource) {
        return view.resources(spec, view.liveNodes()).stream()
                .filter(r -> r.name().equalsIgnoreCase(resource))
                .findFirst()
                .orElseThrow(() -> new NoSuchClusterObjectException("resource", resource));
    }

    private static List<String> names(List<ResourceSpec> resources) {
        return resources.stream().map(ResourceSpec::name).toList();
    }
}
