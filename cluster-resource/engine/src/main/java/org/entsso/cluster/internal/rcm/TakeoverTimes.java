package org.entsso.cluster.internal.rcm;

import java.util.concurrent.TimeUnit;

/**
 * Where a takeover's time went from the election to the epoch, for the term's OWNERSHIP line: waiting for the RCM
 * thread after Curator said this node leads, reading the view, and taking the epoch (with the term's reads).
 * {@link #heard} runs on Curator's thread; the rest on the RCM thread.
 */
final class TakeoverTimes {
    private volatile long heardAt;
    private long decidingAt;
    private long viewReadAt;

    /** Curator said this node leads the election. */
    void heard() {
        heardAt = System.nanoTime();
    }

    /** The RCM thread begins deciding. */
    void deciding() {
        decidingAt = System.nanoTime();
    }

    /** The view the decision reads is in. */
    void viewRead() {
        viewReadAt = System.nanoTime();
    }

    /** The steps up to now, when the epoch was taken, in ms. */
    String epochTaken() {
        long now = System.nanoTime();
        long heard = heardAt;
        if (heard == 0 || heard - decidingAt > 0) {
            heard = decidingAt; // a retry's decision, or one not started by Curator's call
        }
        return "queued " + millis(decidingAt - heard) + " ms, view read " + millis(viewReadAt - decidingAt)
                + " ms, epoch taken " + millis(now - viewReadAt) + " ms";
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
