package org.entsso.sso.server;

/**
 * How the lookup path stands with the SSO database (DESIGN.md "What clients see", SQL outage row; anchors/entsso.md
 * §1: offline after about five minutes without the database).
 */
public enum Availability {
    /** The last database call succeeded. */
    ONLINE,
    /** The database is unreachable, but for less than the grace period: cached lookups are served. */
    DEGRADED_SERVING_FROM_CACHE,
    /** The database has been unreachable for longer than the grace period: every lookup fails with 10590. */
    OFFLINE
}
