package org.entsso.sso.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entsso.cluster.events.ClusterEvent;

/**
 * One drill round as the report shows it: the fault's time zero, the phases observed after it (from the drill, the
 * workload and the cluster log), the figures, the contract checks and the workload's bins around it. Not thread-safe.
 */
final class Round {
    /** One observed moment. */
    record Phase(String key, String label, Instant at, String source) {}

    /** One line of DESIGN.md's "What clients see" and what the round showed. */
    record Check(String rule, String observed, boolean pass) {}

    /** The bins start this long before the fault. */
    static final Duration BEFORE = Duration.ofSeconds(1);

    final DrillKind kind;
    final int number;
    final Instant faultAt;
    String target;
    final List<Phase> phases = new ArrayList<>();
    final Map<String, Double> figures = new LinkedHashMap<>();
    final List<Check> checks = new ArrayList<>();
    long lookups;
    long failedLookups;
    /** Of {@link #failedLookups}, those refused with 10515 (not cached while the database was unreachable). */
    long notCachedLookups;

    long acknowledgedWrites;
    long failedWrites;
    String error;

    Round(DrillKind kind, int number, Instant faultAt, String target, String faultSource) {
        this.kind = kind;
        this.number = number;
        this.faultAt = faultAt;
        this.target = target;
        phases.add(new Phase("fault", kind.description(), faultAt, faultSource));
    }

    void phase(String key, String label, Instant at, String source) {
        phases.add(new Phase(key, label, at, source));
    }

    void figure(String name, Instant from, Instant to) {
        figures.put(name, millis(from, to));
    }

    void check(String rule, String observed, boolean pass) {
        checks.add(new Check(rule, observed, pass));
    }

    boolean pass() {
        return error == null && checks.stream().allMatch(Check::pass);
    }

    Optional<Instant> at(String key) {
        return phases.stream().filter(p -> p.key().equals(key)).map(Phase::at).findFirst();
    }

    /**
     * Adds the phases the cluster log holds from the fault to {@code until}: the first removal of a node (session
     * expired), a planned move's start and its target's readiness, the first new epoch, each resource's first Online,
     * the group's first Online, and each SSO server's first switch to the new master secret server.
     */
    void phasesFrom(List<ClusterEvent> log, Instant until) {
        List<ClusterEvent> events = log.stream()
                .filter(e -> !e.time().isBefore(faultAt) && !e.time().isAfter(until))
                .sorted(Comparator.comparing(ClusterEvent::time))
                .toList();
        List<String> seen = new ArrayList<>();
        for (ClusterEvent e : events) {
            String source = "cluster log of " + e.node() + (e.eventId() == 0 ? "" : " (" + e.eventId() + ")");
            switch (e.kind()) {
                case "NODE_REMOVED" -> once(seen, "sessionExpired", "session expired: " + removed(e), e, source);
                case "ELECTED" -> once(seen, "elected", e.node() + " leads the election", e, source);
                case "OWNERSHIP" -> once(seen, "epochTaken", "epoch " + e.epoch() + " taken by " + e.node(), e, source);
                case "RESOURCE_ONLINE" ->
                    once(seen, "resourceOnline:" + e.resource(), e.resource() + " online on " + e.node(), e, source);
                case "RESOURCE_FAILED" -> once(seen, "resourceFailed", e.resource() + " failed", e, source);
                case "GROUP_MOVE" -> once(seen, "groupMoving", "group moving from " + e.node(), e, source);
                case "TARGET_PREPARING" -> once(seen, "targetPreparing", "target needs longer to prepare", e, source);
                case "TARGET_READY" -> once(seen, "targetReady", targetReady(e), e, source);
                case "GROUP_ONLINE" -> once(seen, "groupOnline", "ENTSSO online on " + e.node(), e, source);
                case "MSS_SWITCHED" ->
                    once(seen, "serverSwitched:" + e.node(), "SSO server " + e.node() + " switched", e, source);
                default -> {}
            }
        }
    }

    private void once(List<String> seen, String key, String label, ClusterEvent e, String source) {
        if (seen.contains(key)) {
            return;
        }
        seen.add(key);
        String bare = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
        phases.add(new Phase(bare, label, e.time(), source));
    }

    /** The owner's line on its move target's preparation: ready, or not within the owner's wait. */
    private static String targetReady(ClusterEvent e) {
        return e.message().contains("did not say it was ready") ? "target did not say it was ready" : "target ready";
    }

    private static String removed(ClusterEvent e) {
        String m = e.message();
        int a = m.indexOf('\'');
        int b = a < 0 ? -1 : m.indexOf('\'', a + 1);
        return (b > a ? m.substring(a + 1, b) : "a node") + " removed, seen by " + e.node();
    }

    /** The round as report.json holds it, with the bins of {@code workload} from before the fault to {@code end}. */
    ObjectNode toJson(Bins bins, Instant end) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("kind", kind.id());
        r.put("round", number);
        if (target == null) {
            r.putNull("target");
        } else {
            r.put("target", target);
        }
        r.put("faultAt", faultAt.toString());
        Instant start = faultAt.minus(BEFORE);
        r.put("windowStartMs", millis(faultAt, start));
        r.put("windowEndMs", millis(faultAt, end));
        var ps = r.putArray("phases");
        phases.stream()
                .sorted(Comparator.comparing(Phase::at))
                .forEach(p -> ps.addObject()
                        .put("key", p.key())
                        .put("label", p.label())
                        .put("at", p.at().toString())
                        .put("offsetMs", millis(faultAt, p.at()))
                        .put("source", p.source()));
        r.set("bins", bins.window(start, end, faultAt));
        ObjectNode f = r.putObject("figures");
        figures.forEach(f::put);
        r.putObject("lookups")
                .put("attempted", lookups)
                .put("failed", failedLookups)
                .put("notCached", notCachedLookups);
        r.putObject("writes").put("acknowledged", acknowledgedWrites).put("failed", failedWrites);
        var cs = r.putArray("checks");
        checks.forEach(c -> cs.addObject()
                .put("rule", c.rule())
                .put("observed", c.observed())
                .put("pass", c.pass()));
        r.put("pass", pass());
        if (error == null) {
            r.putNull("error");
        } else {
            r.put("error", error);
        }
        return r;
    }

    static double millis(Instant from, Instant to) {
        return Math.round(Duration.between(from, to).toNanos() / 1e4) / 100.0;
    }
}
