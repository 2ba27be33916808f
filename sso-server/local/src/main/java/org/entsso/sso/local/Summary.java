package org.entsso.sso.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The drill's summary across rounds: per kind and measure, min/median/p95/max and the lookups. Stateless. */
final class Summary {
    /** A measure of a round, in ms, or null when the round did not yield it. */
    private record Measure(String name, Function<Round, Double> of) {}

    /** One row of the summary. */
    record Row(String kind, String measure, List<Double> samples, long lookups, long failedLookups) {
        ObjectNode toJson() {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.put("kind", kind);
            row.put("measure", measure);
            row.put("unit", "ms");
            row.put("rounds", samples.size());
            put(row, "min", min(samples));
            put(row, "median", percentile(samples, 0.5));
            put(row, "p95", percentile(samples, 0.95));
            put(row, "max", max(samples));
            row.put("lookupsAttempted", lookups);
            row.put("lookupsFailed", failedLookups);
            return row;
        }

        String line() {
            return String.format(
                    "%-14s %-42s %6d %8s %8s %8s %8s %10d %7d",
                    kind,
                    measure,
                    samples.size(),
                    text(min(samples)),
                    text(percentile(samples, 0.5)),
                    text(percentile(samples, 0.95)),
                    text(max(samples)),
                    lookups,
                    failedLookups);
        }
    }

    private static final Map<DrillKind, List<Measure>> MEASURES = Map.ofEntries(
            Map.entry(DrillKind.KILL, failover()),
            Map.entry(DrillKind.STOP, failover()),
            Map.entry(
                    DrillKind.TERM,
                    List.of(
                            figure("longest write pause", "longestWritePauseMs"),
                            phase("fault -> ENTSSO online", "groupOnline"))),
            Map.entry(DrillKind.FAIL_RESOURCE, failover()),
            Map.entry(DrillKind.ZK_LEADER, List.of(figure("fault -> first acknowledged write", "faultToFirstWriteMs"))),
            Map.entry(
                    DrillKind.MOVE,
                    List.of(
                            figure("longest write pause", "longestWritePauseMs"),
                            phase("fault -> ENTSSO online", "groupOnline"))),
            Map.entry(
                    DrillKind.DRAIN,
                    List.of(
                            figure("longest write pause", "longestWritePauseMs"),
                            phase("fault -> ENTSSO online", "groupOnline"))),
            Map.entry(
                    DrillKind.ZK_QUORUM,
                    List.of(figure("quorum back -> first acknowledged write", "clearedToFirstWriteMs"))),
            Map.entry(
                    DrillKind.DB_OUTAGE,
                    List.of(figure("database back -> first acknowledged write", "clearedToFirstWriteMs"))),
            Map.entry(
                    DrillKind.ROTATE,
                    List.of(
                            figure("-generatesecret call (with backup)", "generateMs"),
                            figure("new secret -> every SSO server on it", "newSecretEverywhereMs"))),
            Map.entry(DrillKind.ROLLING, List.of(phase("rolling restart of every node", "recovered"))));

    private Summary() {}

    private static List<Measure> failover() {
        return List.of(
                figure("fault -> first acknowledged write", "faultToFirstWriteMs"),
                phase("fault -> ENTSSO online", "groupOnline"));
    }

    private static Measure figure(String name, String figure) {
        return new Measure(name, r -> r.figures.get(figure));
    }

    private static Measure phase(String name, String key) {
        return new Measure(
                name, r -> r.at(key).map(t -> Round.millis(r.faultAt, t)).orElse(null));
    }

    static String header() {
        return String.format(
                "%-14s %-42s %6s %8s %8s %8s %8s %10s %7s",
                "kind", "measure (ms)", "rounds", "min", "median", "p95", "max", "lookups", "failed");
    }

    /** The rows for {@code rounds}, kinds in the order they first ran. */
    static List<Row> rows(List<Round> rounds) {
        List<DrillKind> kinds = new ArrayList<>();
        rounds.forEach(r -> {
            if (!kinds.contains(r.kind)) {
                kinds.add(r.kind);
            }
        });
        List<Row> rows = new ArrayList<>();
        for (DrillKind kind : kinds) {
            List<Round> of = rounds.stream().filter(r -> r.kind == kind).toList();
            long lookups = of.stream().mapToLong(r -> r.lookups).sum();
            long failed = of.stream().mapToLong(r -> r.failedLookups).sum();
            for (Measure m : MEASURES.get(kind)) {
                List<Double> samples = new ArrayList<>();
                for (Round r : of) {
                    Double v = r.error == null ? m.of().apply(r) : null;
                    if (v != null) {
                        samples.add(v);
                    }
                }
                Collections.sort(samples);
                rows.add(new Row(kind.id(), m.name(), samples, lookups, failed));
            }
        }
        return rows;
    }

    static Double min(List<Double> sorted) {
        return sorted.isEmpty() ? null : sorted.get(0);
    }

    static Double max(List<Double> sorted) {
        return sorted.isEmpty() ? null : sorted.get(sorted.size() - 1);
    }

    /** Nearest-rank percentile; the median of an even count is the mean of the middle two. */
    static Double percentile(List<Double> sorted, double q) {
        int n = sorted.size();
        if (n == 0) {
            return null;
        }
        if (q == 0.5) {
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
        return sorted.get(Math.max(0, (int) Math.ceil(q * n) - 1));
    }

    private static void put(ObjectNode row, String field, Double value) {
        if (value == null) {
            row.putNull(field);
        } else {
            row.put(field, Math.round(value * 100) / 100.0);
        }
    }

    private static String text(Double v) {
        return v == null ? "-" : String.format("%.0f", v);
    }
}
