package org.entsso.cluster.resource.types;

import java.time.Duration;

/**
 * Test deadlines scaled by the {@code timing.multiple} system property the build passes to every test JVM (STYLE.md:
 * one timing helper). Fold into the shared timing helper of cluster-resource's test support once it exists.
 */
final class Deadlines {
    private Deadlines() {}

    /** How long to wait for something that normally happens within milliseconds. */
    static Duration soon() {
        return scaled(Duration.ofSeconds(10));
    }

    private static Duration scaled(Duration base) {
        double multiple = Double.parseDouble(System.getProperty("timing.multiple", "1"));
        return Duration.ofMillis(Math.round(base.toMillis() * Math.max(1, multiple)));
    }
}
