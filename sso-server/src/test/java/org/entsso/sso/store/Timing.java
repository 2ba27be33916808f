package org.entsso.sso.store;

import java.time.Duration;

/** Test deadlines, scaled by the {@code timing.multiple} system property for slow machines (Curator's Timing). */
final class Timing {
    private static final double MULTIPLE = Double.parseDouble(System.getProperty("timing.multiple", "1"));

    private Timing() {}

    /** {@code base} times the multiple. */
    static Duration scaled(Duration base) {
        return Duration.ofMillis((long) (base.toMillis() * MULTIPLE));
    }

    /** The deadline for anything that should happen promptly. */
    static Duration deadline() {
        return scaled(Duration.ofSeconds(30));
    }
}
