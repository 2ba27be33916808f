package org.entsso.cluster.internal.rcm;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.entsso.cluster.group.DependencyExpression;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.resource.ResourceState;

/** Which resources a resource takes down with it when it goes offline or fails. Stateless. */
final class DependentsClosure {
    private DependentsClosure() {}

    /**
     * The online resources among {@code monitors} (by name) whose dependency expressions stop holding once {@code resource} is
     * down, transitively. An OR dependency with another branch still online keeps its resource online
     * ({@code [IP 1] or [IP 2]}).
     */
    static Set<String> losing(String resource, Map<String, ResourceMonitor> monitors) {
        Set<String> down = new HashSet<>(Set.of(resource));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ResourceMonitor m : monitors.values()) {
                if (down.contains(m.name()) || m.state() == ResourceState.Offline) {
                    continue;
                }
                DependencyExpression deps = DependencyExpression.parse(m.spec().dependencies());
                boolean holds = deps.isSatisfied(
                        d -> !down.contains(d) && monitors.get(d).state() == ResourceState.Online);
                if (!holds) {
                    down.add(m.name());
                    changed = true;
                }
            }
        }
        down.remove(resource);
        return down;
    }
}
