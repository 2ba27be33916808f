package org.entsso.sso.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every lookup and write of a {@link Workload}, counted per {@value #BIN_MILLIS} ms bin of the wall clock by the time
 * its outcome was known, with its latency, so that a drill report can draw rates, failures and percentiles around each
 * fault. Bins older than {@link #KEEP_MILLIS} are dropped (a soak runs for hours; a round's window is read when the
 * round ends). Thread-safe.
 */
final class Bins {
    static final long BIN_MILLIS = 100;
    static final long KEEP_MILLIS = 15 * 60_000;

    private final ConcurrentHashMap<Long, Bin> bins = new ConcurrentHashMap<>();
    private long created;

    /** One outcome that ended now, {@code latencyNanos} after it began. */
    void record(boolean write, long latencyNanos, boolean ok) {
        long index = System.currentTimeMillis() / BIN_MILLIS;
        Bin bin = bins.get(index);
        if (bin == null) {
            bin = bins.computeIfAbsent(index, i -> new Bin());
            prune(index);
        }
        bin.add(write, latencyNanos, ok);
    }

    private synchronized void prune(long now) {
        if (++created % 600 == 0) {
            bins.keySet().removeIf(i -> (now - i) * BIN_MILLIS > KEEP_MILLIS);
        }
    }

    /**
     * The bins from {@code from} (inclusive) to {@code to} (exclusive) as report rows whose {@code offsetMs} is
     * relative to {@code zero}; empty bins are included (a stall is a row of zeros, not a gap).
     */
    ArrayNode window(Instant from, Instant to, Instant zero) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        long first = Math.floorDiv(from.toEpochMilli(), BIN_MILLIS);
        long last = Math.floorDiv(to.toEpochMilli() - 1, BIN_MILLIS);
        for (long i = first; i <= last; i++) {
            Bin bin = bins.get(i);
            ObjectNode row = rows.addObject();
            row.put("offsetMs", i * BIN_MILLIS - zero.toEpochMilli());
            (bin == null ? new Bin() : bin).write(row);
        }
        return rows;
    }

    /** One bin's counts and latencies (microseconds). */
    private static final class Bin {
        private final Side lookups = new Side();
        private final Side writes = new Side();

        synchronized void add(boolean write, long latencyNanos, boolean ok) {
            (write ? writes : lookups).add(latencyNanos, ok);
        }

        synchronized void write(ObjectNode row) {
            lookups.write(row, "lookup", "lookups");
            writes.write(row, "write", "writes");
        }
    }

    private static final class Side {
        private int count;
        private int failures;
        private int[] micros = new int[16];

        void add(long latencyNanos, boolean ok) {
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, count * 2);
            }
            micros[count++] = (int) Math.min(Integer.MAX_VALUE, latencyNanos / 1000);
            if (!ok) {
                failures++;
            }
        }

        void write(ObjectNode row, String singular, String plural) {
            row.put(plural, count);
            row.put(singular + "Failures", failures);
            if (count == 0) {
                row.putNull(singular + "P50Ms");
                row.putNull(singular + "P99Ms");
                return;
            }
            int[] sorted = Arrays.copyOf(micros, count);
            Arrays.sort(sorted);
            row.put(singular + "P50Ms", percentile(sorted, 0.50));
            row.put(singular + "P99Ms", percentile(sorted, 0.99));
        }

        private static double percentile(int[] sorted, double q) {
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return Math.round(sorted[Math.max(0, i)] / 10.0) / 100.0;
        }
    }
}
