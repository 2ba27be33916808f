package org.entsso.failover.bench.attack;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.entsso.sso.local.LocalCluster;

/**
 * Prints the harness's results as Markdown tables and lines that paste into failover-tests/BENCHMARKS.md. Not
 * thread-safe; used by the main thread once the attack is over.
 */
final class AttackReport {
    /** Loggers whose WARN lines report the attack (transport.md: one line per kind every 10 s at most). */
    private static final List<String> TRANSPORT_LOGGERS = List.of("FirstRequestDeadline", "JettyHttps");

    private final PrintStream out;
    private final AttackOptions options;
    private final Instant attackStart;
    private final Instant attackEnd;
    private final Map<String, Integer> transportWarnings = new TreeMap<>();

    AttackReport(PrintStream out, AttackOptions options, Instant attackStart, Instant attackEnd) {
        this.out = out;
        this.options = options;
        this.attackStart = attackStart;
        this.attackEnd = attackEnd;
    }

    void phases(PhaseTotals baseline, PhaseTotals attack, String lookupFailure, String writeFailure) {
        out.println();
        out.printf(
                Locale.ROOT,
                "Well-behaved client: %d lookups/s open loop on %d connections, %d writes/s through the client"
                        + " library; load average at the end %s%n%n",
                options.lookupRate(),
                options.lookupClients(),
                options.writeRate(),
                AttackBenchmark.LoadAverage.read());
        out.println(PhaseTotals.summaryHeader());
        out.println(baseline.summaryRow());
        out.println(attack.summaryRow());
        Optional.ofNullable(lookupFailure).ifPresent(f -> out.println("last lookup failure: " + f));
        Optional.ofNullable(writeFailure).ifPresent(f -> out.println("last write failure: " + f));
    }

    void attack(List<AttackTally> tallies) {
        double seconds = Duration.between(attackStart, attackEnd).toMillis() / 1000.0;
        out.println();
        out.printf(Locale.ROOT, "Attack: %d connections for %.1f s%n%n", options.connections(), seconds);
        out.println("| port | kind | opened | opened/s | ended by server (status: count, 0 = closed) "
                + "| held p50 ms | held max ms | attacker handshake p50/max ms | could not open |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        long opened = 0;
        long ended = 0;
        for (AttackTally t : tallies) {
            Histogram held = t.held();
            Histogram hs = t.handshakes();
            opened += t.openedCount();
            ended += t.endedCount();
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %d | %.1f | %s | %d | %d | %s | %s |%n",
                    t.target(),
                    t.kind().label(),
                    t.openedCount(),
                    t.openedCount() / seconds,
                    t.endings(),
                    held.getTotalCount() == 0 ? 0 : held.getValueAtPercentile(50),
                    held.getMaxValue(),
                    hs.getTotalCount() == 0
                            ? "-"
                            : String.format(
                                    Locale.ROOT,
                                    "%.1f / %.1f",
                                    hs.getValueAtPercentile(50) / 1000.0,
                                    hs.getMaxValue() / 1000.0),
                    t.openFailures().isEmpty() ? "0" : t.openFailures().toString());
        }
        out.printf(
                Locale.ROOT,
                "all: %d opened (%.1f/s), %d ended by the server (%.1f/s)%n",
                opened,
                opened / seconds,
                ended,
                ended / seconds);
    }

    void counters(
            LocalCluster cluster, NodeProbe probe, Map<String, Map<String, Double>> before, Map<String, String> roles) {
        out.println();
        out.println("Server counters, after minus before the attack (metrics port):");
        out.println();
        out.println("| node | role | counter | delta |");
        out.println("|---|---|---|---|");
        for (String node : cluster.nodeNames()) {
            Map<String, Double> after = probe.attackCounters(cluster.metricsPort(node));
            Map<String, Double> was = before.getOrDefault(node, Map.of());
            TreeSet<String> keys = new TreeSet<>(after.keySet());
            keys.addAll(was.keySet());
            String role = roles.getOrDefault(node, "restarted or idle");
            for (String key : keys) {
                double delta = after.getOrDefault(key, 0.0) - was.getOrDefault(key, 0.0);
                if (delta != 0) {
                    out.printf(Locale.ROOT, "| %s | %s | %s | %.0f |%n", node, role, key, delta);
                }
            }
            if (keys.stream().noneMatch(k -> after.getOrDefault(k, 0.0) - was.getOrDefault(k, 0.0) != 0)) {
                out.printf("| %s | %s | (no change%s) | 0 |%n", node, role, after.isEmpty() ? "; no answer" : "");
            }
        }
    }

    void restart(String node, NodeRestart.Timing t) {
        out.println();
        out.printf(
                Locale.ROOT,
                "Restart of %s: SIGKILL at attack +%.1f s; ready line (API up) after %s; in its log: joined the"
                        + " cluster %s after launch, keyring fetched %s and installed %s after joining"
                        + " (keyring refresher starts at the join); health 503 -> 429/474 %s after its first answer"
                        + " (10 ms polls); keyring installed %s the attack%n",
                node,
                Duration.between(attackStart, t.killedAt()).toMillis() / 1000.0,
                since(Optional.of(t.launchedAt()), t.upAt()),
                since(Optional.of(t.launchedAt()), t.joinedUp()),
                since(t.joinedUp(), t.fetched()),
                since(t.joinedUp(), t.installed()),
                since(t.healthFirstAnswer(), t.healthHoldsKeyring()),
                t.installed()
                        .map(i -> i.isBefore(attackEnd) ? "during" : "AFTER")
                        .orElse("never during"));
        t.keyringWarnings().forEach(w -> out.println("  keyring warning: " + w.at() + " " + w.message()));
        t.error().ifPresent(e -> out.println("  restart problem: " + e));
    }

    private static String since(Optional<Instant> from, Optional<Instant> to) {
        if (from.isEmpty() || to.isEmpty()) {
            return "n/a";
        }
        return Duration.between(from.get(), to.get()).toMillis() + " ms";
    }

    void warnings(LocalCluster cluster) {
        out.println();
        out.println("WARN lines in the nodes' ssod.log from the attack's start to 10 s after its end, by logger:");
        for (String node : cluster.nodeNames()) {
            List<NodeProbe.LogLine> warns = NodeProbe.lines(
                            cluster.clusterDir().resolve(node).resolve("logs").resolve("ssod.log"),
                            attackStart,
                            attackEnd.plusSeconds(10))
                    .stream()
                    .filter(l -> l.level().equals("WARN"))
                    .toList();
            Map<String, Long> byLogger = warns.stream()
                    .collect(Collectors.groupingBy(NodeProbe.LogLine::logger, TreeMap::new, Collectors.counting()));
            transportWarnings.put(node, (int) warns.stream()
                    .filter(l -> TRANSPORT_LOGGERS.contains(l.logger()))
                    .count());
            out.printf("  %s: %d %s%n", node, warns.size(), byLogger);
            warns.stream()
                    .filter(l -> TRANSPORT_LOGGERS.contains(l.logger()))
                    .limit(3)
                    .forEach(l -> out.println("    e.g. " + abbreviate(l.message())));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 220 ? text.substring(0, 220) + "..." : text;
    }

    /**
     * Each process's CPU as a share of one core, during the baseline ({@code baselineSeconds}, from
     * {@code baselineBefore} to {@code before}) and during the attack (from {@code before} to {@code after}): what the
     * attack costs each server.
     */
    void cpu(
            double baselineSeconds,
            Map<String, Duration> baselineBefore,
            Map<String, Duration> before,
            Map<String, Duration> after) {
        double seconds = Duration.between(attackStart, attackEnd).toMillis() / 1000.0;
        out.println();
        out.printf(
                Locale.ROOT,
                "CPU used, in cores (the machine has %d): baseline (%.1f s) -> attack (%.1f s)%n",
                Runtime.getRuntime().availableProcessors(),
                baselineSeconds,
                seconds);
        StringBuilder line = new StringBuilder(" ");
        double baselineTotal = 0;
        double attackTotal = 0;
        for (Map.Entry<String, Duration> e : after.entrySet()) {
            String name = e.getKey();
            Duration used = e.getValue();
            Duration was = before.getOrDefault(name, Duration.ZERO);
            Duration first = baselineBefore.get(name);
            double base = first == null ? 0 : (was.toMillis() - first.toMillis()) / 1000.0 / baselineSeconds;
            baselineTotal += base;
            if (used.compareTo(was) >= 0 && !used.isZero()) {
                double attack = (used.toMillis() - was.toMillis()) / 1000.0 / seconds;
                attackTotal += attack;
                line.append(String.format(Locale.ROOT, " %s %.2f->%.2f", name, base, attack));
            } else {
                line.append(String.format(Locale.ROOT, " %s %.2f->(killed)", name, base));
            }
        }
        out.println(line);
        out.printf(Locale.ROOT, "  all: %.2f -> %.2f cores%n", baselineTotal, attackTotal);
    }

    void goals(PhaseTotals attack, NodeRestart.Timing t) {
        out.println();
        double p99 = attack.lookupP99Millis();
        out.printf(
                Locale.ROOT,
                "goal lookup p99 under attack < 10 ms: %s (%.2f ms, %d failed)%n",
                p99 < 10 && attack.failedLookups() == 0 ? "met" : "MISSED",
                p99,
                attack.failedLookups());
        out.printf(
                "goal forwarded writes acknowledged: %s (%d acknowledged, %d failed)%n",
                attack.failedWrites() == 0 && attack.acknowledgedWrites() > 0 ? "met" : "MISSED",
                attack.acknowledgedWrites(),
                attack.failedWrites());
        if (t == null) {
            out.println("no restart in this run (restartAfter < 0)");
        } else {
            keyringGoal(t);
        }
        out.printf("attack WARN lines of the transport (rate-limited) per node: %s%n", transportWarnings);
    }

    private void keyringGoal(NodeRestart.Timing t) {
        Optional<Long> keyring = t.joinedUp()
                .flatMap(j -> t.installed().map(i -> Duration.between(j, i).toMillis()));
        boolean during = t.installed().map(i -> i.isBefore(attackEnd)).orElse(false);
        out.printf(
                "goal restarted SSO server holds the keyring within 1 s: %s (%s ms from joining the cluster%s)%n",
                keyring.isPresent() && keyring.get() <= 1000 && during ? "met" : "MISSED",
                keyring.map(String::valueOf).orElse("n/a"),
                during ? ", during the attack" : ", NOT during the attack");
    }
}
