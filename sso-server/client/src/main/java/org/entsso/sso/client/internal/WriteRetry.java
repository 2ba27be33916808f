package org.entsso.sso.client.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.client.SsoClientException;

/**
 * One logical write and its retries (the rules are in {@link Failover} and sso-server/docs/client.md): one idempotency
 * key for every attempt; each round is a {@link Hedge} over the servers (a silent server is joined by the next after
 * the hedge delay, a connection failure moves to the next at once); a 503, or every server failing, ends the round
 * and pauses with {@link Backoff}; the write deadline ends it with 10783.
 *
 * <p>Not thread-safe: one instance per write, used by the calling thread only.
 */
final class WriteRetry {
    private static final Logger LOG = LogManager.getLogger(WriteRetry.class);

    private final HttpTransport transport;
    private final ServerDirectory directory;
    private final Quarantine quarantine;
    private final IntSupplier next;
    private final ApiCall call;
    private final Duration requestTimeout;
    private final Duration writeDeadline;
    private final Duration hedgeAfter;
    private final String key = UUID.randomUUID().toString();
    private final long deadline;
    /** Whether an earlier attempt may have reached a server and been applied there. */
    private boolean mayHaveApplied;

    private String last = "no SSO server is known yet";
    private int attempts;
    private int step;

    WriteRetry(
            HttpTransport transport,
            ServerDirectory directory,
            Quarantine quarantine,
            IntSupplier next,
            ApiCall call,
            Duration requestTimeout,
            Duration writeDeadline,
            Duration hedgeAfter) {
        this.transport = transport;
        this.directory = directory;
        this.quarantine = quarantine;
        this.next = next;
        this.call = call;
        this.requestTimeout = requestTimeout;
        this.writeDeadline = writeDeadline;
        this.hedgeAfter = hedgeAfter;
        this.deadline = System.nanoTime() + writeDeadline.toNanos();
    }

    /** Runs the write; returns the answer that applied it or throws {@link SsoClientException}. */
    Answer run() {
        while (remaining().compareTo(Duration.ZERO) > 0) {
            List<URI> servers = directory.servers();
            if (!servers.isEmpty()) {
                Duration timeout = Failover.min(requestTimeout, remaining());
                Hedge hedge = new Hedge(
                        hedgeAfter, quarantine, server -> transport.sendAsync(server, call, Optional.of(key), timeout));
                try {
                    Optional<Answer> applied = hedge.race(quarantine.order(servers, next.getAsInt()), this::judge);
                    if (applied.isPresent()) {
                        return applied.get();
                    }
                    mayHaveApplied |= hedge.abandonedAny();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Failures.interrupted("writing " + call + " (request " + key + ")");
                }
                LOG.info("write {} {} attempt {} failed, retrying: {}", key, call, attempts, last);
            }
            // A 503 (no master secret server now) or every server failed: pause before the next round.
            if (!Backoff.pause(Failover.min(Backoff.delay(step++), remaining()))) {
                throw Failures.interrupted("writing " + call + " (request " + key + ")");
            }
        }
        throw deadlineMissed();
    }

    /** One attempt's outcome: TAKE when it applied the write, NEXT after a transport failure, STOP after a 503. */
    private Hedge.Verdict judge(Hedge.Outcome outcome) {
        attempts++;
        // An attempt still unanswered on another server may yet apply the write (a hedged create answered "already
        // exists" by
        // the second server may be the first attempt's own doing).
        mayHaveApplied |= outcome.othersInFlight();
        URI server = outcome.server();
        if (outcome.failure() != null) {
            mayHaveApplied |= !Failures.neverSent(outcome.failure());
            last = Failures.describe(server, outcome.failure());
            directory.refreshSoon();
            return Hedge.Verdict.NEXT;
        }
        Answer answer = outcome.answer();
        if (answer.ok()) {
            if (attempts > 1 || answer.replay()) {
                LOG.info(
                        "write {} {} applied by {} on attempt {}{}",
                        key,
                        call,
                        server,
                        attempts,
                        answer.replay() ? " (idempotent replay)" : "");
            }
            return Hedge.Verdict.TAKE;
        }
        if (call.kind() == ApiCall.Kind.CREATE
                && mayHaveApplied
                && SsoError.fromCode(Failures.code(answer))
                        .map(SsoError::alreadyExists)
                        .orElse(false)) {
            LOG.info(
                    "write {} {}: {} answers \"already exists\" on attempt {}; an earlier attempt applied it",
                    key,
                    call,
                    server,
                    attempts);
            return Hedge.Verdict.TAKE;
        }
        if (!Failures.retryable(answer)) {
            throw Failures.of(answer);
        }
        // A forwarding server may answer 503 after the master secret server applied the write.
        mayHaveApplied = true;
        last = Failures.describe(answer);
        return Hedge.Verdict.STOP;
    }

    private SsoClientException deadlineMissed() {
        return new SsoClientException(
                SsoError.SECRET_NOT_AVAILABLE.code(),
                SsoError.SECRET_NOT_AVAILABLE.format("The master secret server was not reachable within the write"
                        + " deadline of " + Failover.seconds(writeDeadline) + ": " + call + " (request " + key
                        + ") was tried " + attempts + " times on " + directory.servers() + "; last failure: " + last
                        + ". Check that the ENTSSO cluster group is online, then retry."),
                null,
                0,
                null);
    }

    private Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
