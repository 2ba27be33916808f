package org.entsso.cluster.internal.rcm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.group.AutoFailbackType;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.policy.SlidingWindow;

/**
 * The restart, failover, retry and failback policies of one ownership term (anchors/wsfc.md §2.1-2.3): what happens
 * when a resource fails, when a Failed resource is tried again, and when the group goes back to its preferred owner.
 * Runs on the group's RCM thread only.
 */
final class TermPolicy {
    /** The reason a failover's handover records with its target; the next owner reads it (GroupController). */
    static final String FAILOVER = "failover";

    private final GroupTerm term;
    private final NodeContext node;
    private final GroupController controller;
    private final ExecutorService rcm;
    private final Map<String, SlidingWindow> restarts = new HashMap<>();
    private final Map<String, Instant> failedAt = new HashMap<>();

    TermPolicy(GroupTerm term, NodeContext node, GroupController controller, ExecutorService rcm) {
        this.term = term;
        this.node = node;
        this.controller = controller;
        this.rcm = rcm;
    }

    /** Whether a Failed resource waits for RetryPeriodOnFailure (or a clear) before it is tried again. */
    boolean waitsForRetry(String resource) {
        return failedAt.containsKey(resource);
    }

    /** Forgets a resource's failures (Clear-ClusterResourceFailure, Start-ClusterResource). */
    void clear(String resource) {
        failedAt.remove(resource);
        restarts.remove(resource);
    }

    /** A resource failed: dependents go offline, then the restart policy decides (anchors/wsfc.md §2.1). */
    void onFailed(ResourceMonitor m, String reason) {
        if (!term.isCurrent()) {
            return;
        }
        for (String dependent : term.losingDependents(m.name())) {
            term.monitors().get(dependent).terminate("resource '" + m.name() + "' it depends on failed");
        }
        var props = m.spec().properties();
        SlidingWindow window = restarts.computeIfAbsent(m.name(), k -> new SlidingWindow(node.clock()));
        switch (props.restartAction()) {
            case DontRestart -> markFailed(m, "RestartAction is DontRestart");
            case RestartNoNotify, RestartNotify -> {
                window.record();
                int count = window.countWithin(props.restartPeriod());
                if (count <= props.restartThreshold()) {
                    node.log()
                            .info(
                                    "RESTART",
                                    term.group(),
                                    m.name(),
                                    term.epoch(),
                                    "Restarting resource '" + m.name()
                                            + "' (failure " + count + " of " + props.restartThreshold()
                                            + " allowed within "
                                            + props.restartPeriod().toMillis() + " ms) after "
                                            + props.restartDelay().toMillis() + " ms");
                    node.timers()
                            .schedule(
                                    () -> rcm.execute(this::restartFailed),
                                    props.restartDelay().toMillis(),
                                    TimeUnit.MILLISECONDS);
                } else if (props.restartAction() == org.entsso.cluster.resource.RestartAction.RestartNoNotify) {
                    markFailed(
                            m,
                            "RestartThreshold " + props.restartThreshold() + " exceeded; RestartAction is "
                                    + "RestartNoNotify, so the group stays on this node");
                } else {
                    failOver(m, "resource '" + m.name() + "' failed " + count + " times within RestartPeriod");
                }
            }
        }
        term.publishStatusNow();
    }

    private void restartFailed() {
        if (term.isCurrent()) {
            term.bringOnline();
        }
    }

    private void markFailed(ResourceMonitor m, String why) {
        failedAt.put(m.name(), node.clock().instant());
        Duration retry = m.spec().properties().retryPeriodOnFailure();
        node.log()
                .event(
                        "ERR",
                        Component.RCM,
                        EventId.GROUP_FAILED,
                        "GROUP_FAILED",
                        term.group(),
                        m.name(),
                        term.epoch(),
                        "Resource '" + m.name() + "' stays Failed: " + why + "; "
                                + (retry == null
                                        ? "it is not retried (RetryPeriodOnFailure is never)"
                                        : "retry after RetryPeriodOnFailure " + retry.toMillis() + " ms"));
    }

    private void failOver(ResourceMonitor m, String reason) {
        Records.Failovers history = node.zk()
                .readJson(ZkPaths.failovers(term.group()), Records.Failovers.class)
                .orElse(new Records.Failovers(null));
        SlidingWindow window = new SlidingWindow(
                node.clock(),
                history.times().stream().map(Instant::ofEpochMilli).toList());
        Duration period = Duration.ofHours(term.spec().properties().failoverPeriodHours());
        int count = window.countWithin(period);
        int threshold = term.spec()
                .properties()
                .effectiveFailoverThreshold(node.placement().nodeCount());
        List<String> others = controller.candidates(controller.participants());
        others.remove(node.nodeName());
        Optional<String> target = node.placement().chooseOwner(term.spec(), others, node.nodeName());
        if (count >= threshold || target.isEmpty()) {
            // WSFC's cluster log line, kept verbatim so runbooks and searches still match (anchors/wsfc.md §2.2).
            node.log()
                    .event(
                            "WARN",
                            Component.RCM,
                            EventId.FAILOVER_THRESHOLD_EXCEEDED,
                            "NOT_FAILING_OVER",
                            term.group(),
                            m.name(),
                            term.epoch(),
                            "Not failing over group " + term.group() + ", failoverCount " + count
                                    + ", failover threshold " + threshold + ", nodeAvailCount " + (others.size() + 1)
                                    + ".");
            markFailed(m, "the group cannot fail over");
            return;
        }
        window.record();
        List<Long> times =
                window.within(period).stream().map(Instant::toEpochMilli).toList();
        term.fence().put(ZkPaths.failovers(term.group()), Json.write(new Records.Failovers(times)));
        node.log()
                .event(
                        "WARN",
                        Component.RCM,
                        EventId.GROUP_FAILOVER,
                        "GROUP_FAILOVER",
                        term.group(),
                        m.name(),
                        term.epoch(),
                        "The Cluster service is attempting to fail over the clustered role '" + term.group()
                                + "' from node '" + node.nodeName() + "' to node '" + target.get() + "' (" + reason
                                + ").");
        term.handOver(target.get(), FAILOVER);
    }

    /** Resources whose RetryPeriodOnFailure has passed are forgiven; returns whether any is to be retried. */
    boolean retryDue(Instant now) {
        boolean retry = false;
        for (var e : new ArrayList<>(failedAt.entrySet())) {
            Duration period =
                    term.monitors().get(e.getKey()).spec().properties().retryPeriodOnFailure();
            if (period != null && !now.isBefore(e.getValue().plus(period))) {
                failedAt.remove(e.getKey());
                restarts.remove(e.getKey());
                node.log()
                        .info(
                                "RETRY",
                                term.group(),
                                e.getKey(),
                                term.epoch(),
                                "Retrying resource '" + e.getKey() + "' after RetryPeriodOnFailure ("
                                        + period.toMillis() + " ms)");
                retry = true;
            }
        }
        return retry;
    }

    /** AutoFailbackType=1: hands the group back to its most preferred available owner inside the window. */
    void checkFailback(Instant now) {
        if (term.spec().properties().autoFailbackType() != AutoFailbackType.AllowFailback
                || term.spec().preferredOwners().isEmpty()
                || term.groupState() != GroupState.Online) {
            return;
        }
        int hour = now.atZone(node.clock().getZone()).getHour();
        if (!term.spec().properties().inFailbackWindow(hour)) {
            return;
        }
        List<String> participants = controller.candidates(controller.participants());
        for (String preferred : term.spec().preferredOwners()) {
            if (preferred.equals(node.nodeName())) {
                return; // already on the most preferred available owner
            }
            if (participants.contains(preferred)) {
                term.handOver(preferred, "failback to preferred owner");
                return;
            }
        }
    }
}
