package org.entsso.cluster.testing;

import java.time.Duration;

/**
 * The one place test deadlines come from, for every module (shared as cluster-testing, never copied),
 * scaled by {@code -Dtiming.multiple=M} on slow machines (Curator's {@code Timing}). The multiple is a decimal
 * ({@code 2.5} scales by two and a half); before issue 9 item 9 this class read it as an integer and silently ignored
 * {@code 2.5} while a copy in sso-server honoured it. Tests wait on conditions with these deadlines; they never sleep
 * bare, and a "stays so for" window ({@code during}) is scaled too.
 */
public final class Timing {
    private static final double MULTIPLE = multiple(System.getProperty("timing.multiple", "1"));

    private Timing() {}

    static double multiple(String value) {
        double m;
        try {
            m = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timing.multiple must be a positive number, not '" + value + "'", e);
        }
        if (!(m > 0) || Double.isInfinite(m)) {
            throw new IllegalArgumentException("timing.multiple must be a positive number, not '" + value + "'");
        }
        return m;
    }

    /** {@code base} times the multiple. */
    public static Duration scaled(Duration base) {
        return Duration.ofMillis(Math.round(base.toMillis() * MULTIPLE));
    }

    /** The ZooKeeper session timeout the cluster tests use (a setting under test, not a deadline: not scaled). */
    public static Duration session() {
        return Duration.ofSeconds(4);
    }

    /** How long to wait for something that should happen promptly (a failover, a move). */
    public static Duration forWaiting() {
        return scaled(Duration.ofSeconds(30));
    }

    /** A short wait for something expected almost at once. */
    public static Duration shortWait() {
        return scaled(Duration.ofSeconds(10));
    }
}
