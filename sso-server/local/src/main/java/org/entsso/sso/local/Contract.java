package org.entsso.sso.local;

import java.time.Instant;
import java.util.Optional;

/**
 * DESIGN.md's "What clients see", as checks on one {@link Round}: the rows of that table a kind falls under, each with
 * what the round showed. The 300 ms margin over a bare election is judged across rounds against the reference, in
 * the summary, not per round. Stateless.
 */
final class Contract {
    /** A planned move pauses writes for at most this long (DESIGN.md). */
    static final double MOVE_PAUSE_MILLIS = 500;

    private Contract() {}

    static void check(Round r) {
        if (r.error != null) {
            return;
        }
        lookups(r);
        switch (r.kind) {
            case TERM ->
                writesResume(r, "SIGTERM of the owner: it hands ENTSSO over at once; writes resume and none fails");
            case KILL, FAIL_RESOURCE, ZK_LEADER ->
                writesResume(r, "encrypting writes fail fast and are retried by the client: none fails, writes resume");
            case STOP -> {
                writesResume(r, "active node paused past the session timeout: the standby takes over, writes resume");
                Optional<Instant> switched = r.at("firstWrite");
                Optional<Instant> cleared = r.at("faultCleared");
                r.check(
                        "the new owner serves writes while the old one is still frozen",
                        switched.isPresent() && cleared.isPresent()
                                ? "first write +" + offset(r, switched.get()) + " ms, SIGCONT +"
                                        + offset(r, cleared.get()) + " ms"
                                : "no first write or no SIGCONT recorded",
                        switched.isPresent()
                                && cleared.isPresent()
                                && switched.get().isBefore(cleared.get()));
            }
            case MOVE, DRAIN -> {
                Double pause = r.figures.get("longestWritePauseMs");
                r.check(
                        "planned move of the group: writes paused for at most " + (int) MOVE_PAUSE_MILLIS + " ms",
                        pause == null ? "no pause measured" : String.format("longest pause %.0f ms", pause),
                        pause != null && pause <= MOVE_PAUSE_MILLIS);
                noFailedWrites(r, "planned move: no write fails");
            }
            case ZK_QUORUM ->
                writesResume(
                        r, "ZooKeeper quorum lost: writes fail or wait, and resume automatically when quorum returns");
            case DB_OUTAGE ->
                writesResume(r, "SQL outage: writes fail clearly within a bounded time and resume on reconnect");
            case ROTATE -> {
                noFailedWrites(r, "secret rotation: writes continue");
                r.check(
                        "secret rotation: every SSO server uses the new secret",
                        r.at("recovered")
                                .map(t -> "all on it +" + offset(r, t) + " ms")
                                .orElse("not all on it"),
                        r.at("recovered").isPresent());
            }
            case ROLLING -> writesResume(r, "rolling restart: writes resume after each node");
        }
    }

    private static void lookups(Round r) {
        if (r.kind == DrillKind.DB_OUTAGE) {
            // Credentials no server has cached cannot be served while the database is down: ENTSSO answers 10515.
            long others = r.failedLookups - r.notCachedLookups;
            r.check(
                    "lookups continue from the cached secret: 0 failures but 10515 for credentials no server has cached",
                    r.failedLookups + " of " + r.lookups + " failed, " + r.notCachedLookups
                            + " of them 10515 (not cached)",
                    others == 0 && r.lookups > 0);
            return;
        }
        r.check(
                "lookups continue from the cached secret: 0 failures",
                r.failedLookups + " of " + r.lookups + " failed",
                r.failedLookups == 0 && r.lookups > 0);
    }

    private static void writesResume(Round r, String rule) {
        Optional<Instant> first = r.at("firstWrite");
        boolean resumed = first.isPresent() || r.kind == DrillKind.ROLLING && r.acknowledgedWrites > 0;
        boolean failFree = r.kind == DrillKind.ZK_QUORUM || r.kind == DrillKind.DB_OUTAGE || r.failedWrites == 0;
        r.check(
                rule,
                (first.map(t -> "first write acknowledged +" + offset(r, t) + " ms")
                                .orElse(r.acknowledgedWrites + " writes acknowledged"))
                        + "; " + r.failedWrites + " writes failed",
                resumed && failFree);
    }

    private static void noFailedWrites(Round r, String rule) {
        r.check(rule, r.failedWrites + " writes failed", r.failedWrites == 0);
    }

    private static long offset(Round r, Instant t) {
        return Math.round(Round.millis(r.faultAt, t));
    }
}
