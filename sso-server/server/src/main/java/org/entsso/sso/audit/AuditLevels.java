package org.entsso.sso.audit;

/**
 * The global audit levels (anchors/entsso.md §3): which successful (positive) and failed (negative) operations are
 * recorded, each 0 None, 1 Low, 2 Medium, 3 High.
 *
 * @param positive the level for successes, default 0
 * @param negative the level for failures, default 1
 */
public record AuditLevels(int positive, int negative) {
    /** ENTSSO's defaults: positive 0, negative 1. */
    public static final AuditLevels DEFAULT = new AuditLevels(0, 1);

    public AuditLevels {
        if (positive < 0 || positive > 3 || negative < 0 || negative > 3) {
            throw new IllegalArgumentException("audit levels are 0 to 3");
        }
    }

    /** Whether {@code function}'s outcome is recorded at these levels. */
    public boolean records(AuditFunction function, boolean succeeded) {
        return function.level() <= (succeeded ? positive : negative);
    }
}
