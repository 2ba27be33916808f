package org.entsso.sso.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Samples of one drill measurement (milliseconds) with min, median and max. Not thread-safe. */
final class Figures {
    private final String name;
    private final List<Double> samples = new ArrayList<>();
    private long lookups;
    private long failedLookups;

    Figures(String name) {
        this.name = name;
    }

    void add(double millis, long lookupsDuring, long failedLookupsDuring) {
        samples.add(millis);
        lookups += lookupsDuring;
        failedLookups += failedLookupsDuring;
    }

    String row() {
        if (samples.isEmpty()) {
            return String.format("%-48s %6s %9s %9s %9s %10s %8s", name, 0, "-", "-", "-", lookups, failedLookups);
        }
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format(
                "%-48s %6d %9.0f %9.0f %9.0f %10d %8d",
                name, n, sorted.get(0), median, sorted.get(n - 1), lookups, failedLookups);
    }

    static String header() {
        return String.format(
                "%-48s %6s %9s %9s %9s %10s %8s",
                "measurement (ms)", "rounds", "min", "median", "max", "lookups", "failed");
    }
}
