package org.entsso.failover.bench.attack;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The well-behaved client's figures over one phase of the run (baseline, attack), added up window by window; prints
 * the windows as they come. Not thread-safe: the harness's main thread alone uses it.
 */
final class PhaseTotals {
    private final String name;
    private final Histogram lookups = new Histogram(3);
    private final Histogram writes = new Histogram(3);
    private long answered;
    private long failedLookups;
    private long skippedLookups;
    private long acknowledged;
    private long failedWrites;
    private double seconds;

    PhaseTotals(String name) {
        this.name = name;
    }

    static void printWindowHeader(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%7s %-8s | %9s %8s %8s %8s %6s %7s | %5s %5s %9s | %6s %7s %7s | %5s%n",
                "t s",
                "phase",
                "lookups/s",
                "p50 ms",
                "p99 ms",
                "max ms",
                "failed",
                "skipped",
                "acked",
                "fail",
                "w p99 ms",
                "open",
                "opened",
                "dropped",
                "load1");
    }

    /** Adds one window and prints it; the attack columns are -1 when no attack runs. */
    void add(
            PrintStream out,
            double at,
            double windowSeconds,
            OpenLoopLookups.Window l,
            PacedWrites.Window w,
            int open,
            long opened,
            long dropped,
            String load1) {
        lookups.add(l.latencies());
        writes.add(w.latencies());
        answered += l.answered();
        failedLookups += l.failed();
        skippedLookups += l.skipped();
        acknowledged += w.acknowledged();
        failedWrites += w.failed();
        seconds += windowSeconds;
        out.printf(
                Locale.ROOT,
                "%7.1f %-8s | %9.0f %8.2f %8.2f %8.2f %6d %7d | %5d %5d %9.1f | %6s %7s %7s | %5s%n",
                at,
                name,
                l.answered() / windowSeconds,
                ms(l.latencies(), 50),
                ms(l.latencies(), 99),
                l.latencies().getMaxValue() / 1e6,
                l.failed(),
                l.skipped(),
                w.acknowledged(),
                w.failed(),
                ms(w.latencies(), 99),
                open < 0 ? "-" : Integer.toString(open),
                opened < 0 ? "-" : Long.toString(opened),
                dropped < 0 ? "-" : Long.toString(dropped),
                load1);
        out.flush();
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
    }

    static String summaryHeader() {
        return "| phase | s | lookups answered | /s | failed | skipped | p50 ms | p99 ms | p99.9 ms | max ms "
                + "| writes acked | failed | write p50 ms | write p99 ms | write max ms |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String summaryRow() {
        return String.format(
                Locale.ROOT,
                "| %s | %.0f | %d | %.0f | %d | %d | %.2f | %.2f | %.2f | %.2f | %d | %d | %.1f | %.1f | %.1f |",
                name,
                seconds,
                answered,
                seconds == 0 ? 0 : answered / seconds,
                failedLookups,
                skippedLookups,
                ms(lookups, 50),
                ms(lookups, 99),
                ms(lookups, 99.9),
                lookups.getMaxValue() / 1e6,
                acknowledged,
                failedWrites,
                ms(writes, 50),
                ms(writes, 99),
                writes.getMaxValue() / 1e6);
    }

    double lookupP99Millis() {
        return ms(lookups, 99);
    }

    /** Lookups that failed or were never sent because the server was far behind. */
    long failedLookups() {
        return failedLookups + skippedLookups;
    }

    long acknowledgedWrites() {
        return acknowledged;
    }

    long failedWrites() {
        return failedWrites;
    }
}
