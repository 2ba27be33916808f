package org.entsso.cluster.internal.rcm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceState;

/**
 * A change of a group's definition that only adds resources or removes idle ones (Add-/Remove-ClusterResource),
 * every other resource unchanged in type, parameters and dependencies. The owner applies such a change while the
 * group goes on running, as WSFC does; any other change of the resources is applied by re-owning the group. Immutable.
 *
 * @param added the names of the resources the new definition adds
 * @param removed the names of the resources it removes, each Offline or Failed on this node
 */
record ResourceSetChange(List<String> added, List<String> removed) {

    /**
     * The change from {@code old} to {@code next}, if it is only additions and removals of resources whose monitors
     * are Offline or Failed; empty when the resources are the same, or changed in any other way.
     */
    static Optional<ResourceSetChange> between(GroupSpec old, GroupSpec next, Map<String, ResourceMonitor> monitors) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (ResourceSpec r : next.resources()) {
            Optional<ResourceSpec> before =
                    old.resource(r.name()).filter(o -> o.name().equals(r.name()));
            if (before.isEmpty()) {
                added.add(r.name());
            } else if (!sameBehaviour(before.get(), r)) {
                return Optional.empty();
            }
        }
        for (ResourceSpec r : old.resources()) {
            if (next.resource(r.name()).filter(n -> n.name().equals(r.name())).isEmpty()) {
                ResourceMonitor m = monitors.get(r.name());
                if (m != null && m.state() != ResourceState.Offline && m.state() != ResourceState.Failed) {
                    return Optional.empty(); // started after the administrator's check: take the safe path
                }
                removed.add(r.name());
            }
        }
        if (added.isEmpty() && removed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceSetChange(List.copyOf(added), List.copyOf(removed)));
    }

    /** Whether a running monitor can keep serving {@code next}: only common properties may differ. */
    static boolean sameBehaviour(ResourceSpec old, ResourceSpec next) {
        return old.type().equals(next.type())
                && old.parameters().equals(next.parameters())
                && old.dependencies().equals(next.dependencies());
    }
}
