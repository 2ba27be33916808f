package org.entsso.cluster.testing;

import java.time.Duration;

/**
 * The one place test deadlines come from, scaled by {@code -Dtiming.multiple=N} on slow machines (Curator's
 * {@code Timing}). Tests wait on conditions with these deadlines; they never sleep bare.
 */
public final class Timing {
    private static final int MULTIPLE = Integer.getInteger("timing.multiple", 1);

    private Timing() {}

    /** The ZooKeeper session timeout the cluster tests use. */
    public static Duration session() {
        return Duration.ofSeconds(4);
    }

    /** How long to wait for something that should happen promptly (a failover, a move). */
    public static Duration forWaiting() {
        return Duration.ofSeconds(30L * MULTIPLE);
    }

    /** A short wait for something expected almost at once. */
    public static Duration shortWait() {
        return Duration.ofSeconds(10L * MULTIPLE);
    }
}
