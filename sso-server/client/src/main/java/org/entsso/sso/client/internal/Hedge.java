package org.entsso.sso.client.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One call raced over servers in a given order: the next server is asked when every server asked so far has been
 * silent for the hedge delay, or at once when one failed, and the first answer the caller's {@link Judge} takes wins
 * (a hedged request, "The Tail at Scale", Dean and Barroso). A frozen server (SIGSTOP, a long GC pause, a black-holed
 * network) accepts the connection and never answers; without this, every call whose turn lands on it waits a whole
 * request timeout (issue 9 item 6: lookups nearly stopped for 5 s while the active node was frozen).
 *
 * <p>A server that answers, whatever the status, leaves the {@link Quarantine}; one that failed at the transport
 * level, or was still silent past the hedge delay when another answered, enters it, so the calls that follow ask it
 * last until it answers again. Answers that arrive after the race is decided are wiped unread. Only calls that are
 * safe to repeat are raced: reads, and writes carrying one idempotency key, which the master secret server applies at
 * most once.
 *
 * <p>Not thread-safe: one instance per call, used by the calling thread only.
 */
final class Hedge {
    /** What the caller makes of one server's outcome. */
    enum Verdict {
        /** The answer is the call's result: the race ends with it. */
        TAKE,
        /** A failure another server may not have: ask the next one now. */
        NEXT,
        /** A failure every server would give now (e.g. 503 while no master secret server is online): end the race. */
        STOP
    }

    /**
     * One server's outcome: an answer or a transport failure; {@code othersInFlight} when attempts to other servers
     * are still unanswered (they may yet be applied, which matters to a write).
     */
    record Outcome(URI server, Answer answer, IOException failure, boolean othersInFlight) {
        Outcome with(boolean othersInFlight) {
            return new Outcome(server, answer, failure, othersInFlight);
        }
    }

    /** Judges an outcome on the calling thread; may throw to end the call (the others are then abandoned). */
    @FunctionalInterface
    interface Judge {
        Verdict judge(Outcome outcome);
    }

    private final Duration hedgeAfter;
    private final Quarantine quarantine;
    private final Function<URI, CompletableFuture<Answer>> sender;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Map<URI, CompletableFuture<Answer>> inFlight = new LinkedHashMap<>();
    private final Map<URI, Long> askedAt = new LinkedHashMap<>();
    private boolean stopped;
    private boolean abandoned;

    Hedge(Duration hedgeAfter, Quarantine quarantine, Function<URI, CompletableFuture<Answer>> sender) {
        this.hedgeAfter = hedgeAfter;
        this.quarantine = quarantine;
        this.sender = sender;
    }

    /** Whether a race left attempts unanswered (they may still be applied by the server they went to). */
    boolean abandonedAny() {
        return abandoned;
    }

    /** Whether the last race ended with {@link Verdict#STOP}. */
    boolean stopped() {
        return stopped;
    }

    /**
     * Races the call over {@code order}; returns the answer judged {@link Verdict#TAKE}, or empty once every server
     * failed or one was judged {@link Verdict#STOP}.
     */
    Optional<Answer> race(List<URI> order, Judge judge) throws InterruptedException {
        stopped = false;
        int next = 0;
        try {
            if (!order.isEmpty()) {
                ask(order.get(next++));
            }
            while (!inFlight.isEmpty()) {
                Outcome outcome = next < order.size()
                        ? outcomes.poll(hedgeAfter.toNanos(), TimeUnit.NANOSECONDS)
                        : outcomes.take();
                if (outcome == null) {
                    ask(order.get(next++)); // every server asked so far is still silent: hedge
                    continue;
                }
                inFlight.remove(outcome.server());
                askedAt.remove(outcome.server());
                if (outcome.answer() != null) {
                    quarantine.answered(outcome.server());
                } else {
                    quarantine.failed(outcome.server());
                }
                Verdict verdict;
                try {
                    verdict = judge.judge(outcome.with(!inFlight.isEmpty()));
                } catch (RuntimeException e) {
                    if (outcome.answer() != null) {
                        outcome.answer().wipe();
                    }
                    throw e;
                }
                if (verdict == Verdict.TAKE) {
                    return Optional.of(outcome.answer());
                }
                if (outcome.answer() != null) {
                    outcome.answer().wipe();
                }
                if (verdict == Verdict.STOP) {
                    stopped = true;
                    return Optional.empty();
                }
                if (next < order.size()) {
                    ask(order.get(next++));
                }
            }
            return Optional.empty();
        } finally {
            abandon();
        }
    }

    private void ask(URI server) {
        askedAt.put(server, System.nanoTime());
        CompletableFuture<Answer> future = sender.apply(server);
        inFlight.put(server, future);
        future.whenComplete((answer, failure) -> outcomes.add(new Outcome(
                server,
                answer,
                answer != null
                        ? null
                        : failure instanceof IOException io ? io : new IOException(String.valueOf(failure), failure),
                false)));
    }

    /** The race is decided: what is still in flight is left to finish on its own, its answers wiped unread. */
    private void abandon() {
        long now = System.nanoTime();
        abandoned |= !inFlight.isEmpty();
        for (Map.Entry<URI, CompletableFuture<Answer>> e : inFlight.entrySet()) {
            URI server = e.getKey();
            if (now - askedAt.get(server) >= hedgeAfter.toNanos()) {
                quarantine.failed(server); // silent past the hedge delay while another answered
            }
            e.getValue().whenComplete((answer, failure) -> {
                if (answer != null) {
                    quarantine.answered(server); // late, but alive
                    answer.wipe();
                }
            });
        }
        inFlight.clear();
        askedAt.clear();
        for (Outcome late = outcomes.poll(); late != null; late = outcomes.poll()) {
            if (late.answer() != null) {
                late.answer().wipe();
            }
        }
    }
}
