package org.entsso.sso.client.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.client.SsoClientException;

/**
 * Runs reads and writes over the known SSO servers so that a server failure is invisible to the caller (DESIGN.md
 * decision 7 and "What clients see"); the rules are in sso-server/docs/client.md.
 *
 * <ul>
 *   <li>A call is hedged ({@link Hedge}): when the server asked has not answered within the hedge delay (200 ms for
 *       a read, 1 s for a write by default; the write keeps its idempotency key), the next server is asked as well
 *       and the first answer wins, so a frozen server costs a hedge delay, not a request timeout.
 *   <li>A server that failed at the transport level is tried last for {@value #QUARANTINE_TIMEOUTS} request timeouts
 *       ({@link Quarantine}), so a frozen server costs one request timeout, not one per call.
 *   <li>Reads start at the next server round-robin. A connection failure, a timeout or a 503 moves on at once to the
 *       next server; every server is tried once per round. Further rounds, after a short backoff, start only while
 *       the request timeout since the read began is not used up; at most {@value #READ_ROUNDS} rounds.
 *   <li>Writes carry one idempotency key, repeated on every attempt, and are retried on connection failures,
 *       timeouts and 503s over the servers with {@link Backoff} until the write deadline; then they fail with 10783.
 *       A create answered "already exists" (10752, 10753, 15002) after an earlier attempt that may have reached a server counts as applied.
 *   <li>Any other error answer is final and thrown at once.
 * </ul>
 *
 * <p>Thread-safe: the shared state is the round-robin counter and the quarantine. {@link #close()} closes the
 * transport.
 */
public final class Failover implements java.io.Closeable {
    /** Rounds over all servers a read makes at most. */
    static final int READ_ROUNDS = 3;
    /** A server that failed at the transport level is tried last for this many request timeouts. */
    static final int QUARANTINE_TIMEOUTS = 2;

    private static final Logger LOG = LogManager.getLogger(Failover.class);

    private final HttpTransport transport;
    private final ServerDirectory directory;
    private final Duration requestTimeout;
    private final Duration writeDeadline;
    private final Duration hedgeDelay;
    private final Duration writeHedgeDelay;
    private final AtomicInteger next = new AtomicInteger();
    private final Quarantine quarantine;

    public Failover(
            HttpTransport transport,
            ServerDirectory directory,
            Duration requestTimeout,
            Duration writeDeadline,
            Duration hedgeDelay,
            Duration writeHedgeDelay) {
        this.hedgeDelay = hedgeDelay;
        this.writeHedgeDelay = writeHedgeDelay;
        this.transport = transport;
        this.directory = directory;
        this.requestTimeout = requestTimeout;
        this.writeDeadline = writeDeadline;
        this.quarantine = new Quarantine(requestTimeout.multipliedBy(QUARANTINE_TIMEOUTS));
    }

    /** Runs a read; returns the first 2xx answer (the caller wipes it) or throws {@link SsoClientException}. */
    public Answer read(ApiCall call) {
        String requestId = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        // Each server's latest failure, in the order they failed: the final error names them all.
        Map<URI, String> failures = new LinkedHashMap<>();
        // The latest ENTSSO refusal (a 503 with a code, e.g. 10515 "not cached on this server"): when no server
        // answers better, the caller gets that code rather than a generic "no SSO server answered".
        SsoClientException[] refusal = new SsoClientException[1];
        for (int round = 0; round < READ_ROUNDS; round++) {
            List<URI> servers = awaitServers(deadline);
            Duration timeout = round == 0 ? requestTimeout : min(requestTimeout, remaining(deadline));
            Hedge hedge = new Hedge(
                    hedgeDelay, quarantine, server -> transport.sendAsync(server, call, Optional.empty(), timeout));
            try {
                Optional<Answer> answer = hedge.race(quarantine.order(servers, next.getAndIncrement()), outcome -> {
                    String why;
                    if (outcome.failure() != null) {
                        why = Failures.describe(outcome.server(), outcome.failure());
                        directory.refreshSoon();
                    } else if (outcome.answer().ok()) {
                        return Hedge.Verdict.TAKE;
                    } else if (!Failures.retryable(outcome.answer())) {
                        throw Failures.of(outcome.answer());
                    } else {
                        why = Failures.describe(outcome.answer());
                        if (Failures.code(outcome.answer()) != Failures.NO_CODE) {
                            refusal[0] = Failures.of(outcome.answer());
                        }
                    }
                    failures.remove(outcome.server());
                    failures.put(outcome.server(), why);
                    LOG.debug(
                            "read {} {} failed on {}, trying the next server: {}",
                            requestId,
                            call,
                            outcome.server(),
                            why);
                    return Hedge.Verdict.NEXT;
                });
                if (answer.isPresent()) {
                    return answer.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Failures.interrupted("reading " + call);
            }
            Duration pause = Backoff.delay(round);
            if (round + 1 == READ_ROUNDS || remaining(deadline).compareTo(pause) <= 0 || !Backoff.pause(pause)) {
                break;
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            throw Failures.interrupted("reading " + call);
        }
        if (refusal[0] != null) {
            SsoClientException latest = refusal[0];
            throw new SsoClientException(
                    latest.code(),
                    Failures.messageOf(latest) + " No SSO server answered " + call
                            + " better within the request timeout"
                            + " of " + seconds(requestTimeout) + "; failures, latest last: "
                            + String.join("; ", failures.values()),
                    latest.server().orElse(null),
                    latest.httpStatus(),
                    null);
        }
        throw new SsoClientException(
                SsoError.SECRET_SERVER_UNAVAILABLE.code(),
                "No SSO server answered " + call + " within the request timeout of " + seconds(requestTimeout)
                        + " (servers " + directory.servers() + "); "
                        + (failures.isEmpty()
                                ? "no SSO server is known yet"
                                : "failures, latest last: " + String.join("; ", failures.values())),
                null,
                0,
                null);
    }

    /** Runs a write with one idempotency key until the write deadline; returns the 2xx answer or throws. */
    public Answer write(ApiCall call) {
        return new WriteRetry(
                        transport,
                        directory,
                        quarantine,
                        next::getAndIncrement,
                        call,
                        requestTimeout,
                        writeDeadline,
                        writeHedgeDelay)
                .run();
    }

    /** Sends {@code call} to {@code server} alone, once; returns any answer (the caller wipes it). */
    public Answer once(URI server, ApiCall call) {
        try {
            return transport.send(Endpoints.check(server), call, Optional.empty(), requestTimeout);
        } catch (IOException e) {
            throw new SsoClientException(
                    SsoError.SECRET_SERVER_UNAVAILABLE.code(),
                    "The SSO server did not answer " + call + ": " + Failures.describe(server, e),
                    null,
                    0,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.interrupted("asking " + server);
        }
    }

    private List<URI> awaitServers(long deadline) {
        List<URI> servers = directory.servers();
        // Right after opening, discovery may not have read ZooKeeper yet.
        while (servers.isEmpty() && remaining(deadline).compareTo(Duration.ZERO) > 0) {
            directory.refreshSoon();
            if (!Backoff.pause(min(Duration.ofMillis(50), remaining(deadline)))) {
                break;
            }
            servers = directory.servers();
        }
        return servers;
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isZero() ? Duration.ofMillis(1) : m;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Closes the transport: calls in flight fail, later ones too. Idempotent. */
    @Override
    public void close() {
        transport.close();
    }
}
