package org.entsso.sso.node;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.entsso.cluster.events.GroupObservation;
import org.entsso.cluster.events.GroupObserver;
import org.entsso.cluster.group.GroupState;

/**
 * The cluster engine's view of each group as meters (sso-server/docs/metrics.md), fed by this node's
 * {@link GroupObserver}: the group's state and epoch, whether this node owns it, and the owner changes and failovers this
 * node has observed. A group's meters appear when the node first sees it and read the latest view when scraped. Tags
 * are group names (cluster configuration) and states; the counters are per observing node. Thread-safe.
 */
final class ClusterMeters implements GroupObserver {
    private final MeterRegistry registry;
    private final String nodeName;
    private final Map<String, GroupObservation> groups = new ConcurrentHashMap<>();

    ClusterMeters(MeterRegistry registry, String nodeName) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    }

    @Override
    public void observed(GroupObservation observation) {
        if (groups.put(observation.group(), observation) == null) {
            register(observation.group());
        }
    }

    private GroupObservation view(String group) {
        return groups.get(group);
    }

    private void register(String group) {
        for (GroupState state : GroupState.values()) {
            Gauge.builder("entsso.cluster.group.state", this, m -> m.view(group).state() == state ? 1 : 0)
                    .description("1 for the group's state as its owner last published it")
                    .tags("group", group, "state", tag(state))
                    .register(registry);
        }
        Gauge.builder("entsso.cluster.group.epoch", this, m -> m.view(group).epoch())
                .description("The group's ownership epoch as this node last saw it")
                .tag("group", group)
                .register(registry);
        Gauge.builder(
                        "entsso.cluster.group.owned",
                        this,
                        m -> nodeName.equals(m.view(group).owner()) ? 1 : 0)
                .description("1 while this node is the group's owner as published")
                .tag("group", group)
                .register(registry);
        FunctionCounter.builder(
                        "entsso.cluster.group.owner.changes",
                        this,
                        m -> m.view(group).ownerChanges())
                .description("Ownership terms this node observed whose owner differs from the previous term's")
                .tag("group", group)
                .register(registry);
        FunctionCounter.builder(
                        "entsso.cluster.group.failovers",
                        this,
                        m -> m.view(group).failovers())
                .description("Owner changes this node observed that were failovers (not planned moves)")
                .tag("group", group)
                .register(registry);
    }

    /** {@code PartialOnline} -> {@code partial_online}. */
    static String tag(GroupState state) {
        return state.name().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
