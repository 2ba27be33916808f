package org.entsso.sso.mss;

import java.util.ArrayList;
import java.util.List;

/**
 * How long each step of bringing the master secret server online took, for the one INFO line that says where a
 * failover's time went (issue 14: the standby's own share of a failover). Not thread-safe: one per online call.
 */
final class OnlineSteps {
    private final long started = System.nanoTime();
    private final List<String> steps = new ArrayList<>();
    private long last = started;

    /** Closes the step that ended now under {@code name}. */
    void done(String name) {
        long now = System.nanoTime();
        steps.add(name + " " + millis(now - last));
        last = now;
    }

    /** Total so far and each step, e.g. {@code 12.3 ms (keyring 4.1 ms, epoch 8.2 ms)}. */
    @Override
    public String toString() {
        return millis(System.nanoTime() - started) + " (" + String.join(", ", steps) + ")";
    }

    private static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
