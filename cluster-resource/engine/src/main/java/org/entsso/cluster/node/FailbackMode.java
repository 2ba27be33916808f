package org.entsso.cluster.node;

import java.util.Locale;

/** {@code Resume-ClusterNode -Failback} (anchors/wsfc.md §3.2). */
public enum FailbackMode {
    /** Leave groups where they are. */
    NoFailback,
    /** Move back at once the groups that prefer this node. */
    Immediate,
    /** Move back the groups whose AutoFailbackType and failback window allow it. */
    Policy;

    /** Parses a mode name, case-insensitively. */
    public static FailbackMode parse(String text) {
        for (FailbackMode mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Failback must be NoFailback, Immediate or Policy, not '" + text + "'");
    }
}
