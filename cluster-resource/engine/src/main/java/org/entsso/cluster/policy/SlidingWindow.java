package org.entsso.cluster.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Counts events within a sliding window read from an injectable clock: WSFC's RestartThreshold/RestartPeriod and
 * FailoverThreshold/FailoverPeriod (anchors/wsfc.md §2.1, §2.2). Not thread-safe; each owner keeps its own.
 */
public final class SlidingWindow {
    private static final int MAX_EVENTS = 10_000;
    private final Clock clock;
    private final Deque<Instant> events = new ArrayDeque<>();

    /** An empty window on {@code clock}. */
    public SlidingWindow(Clock clock) {
        this.clock = clock;
    }

    /** A window holding earlier events (e.g. failover times read from ZooKeeper). */
    public SlidingWindow(Clock clock, List<Instant> history) {
        this(clock);
        history.stream().sorted().forEach(events::addLast);
    }

    /** Records an event now. */
    public void record() {
        events.addLast(clock.instant());
        while (events.size() > MAX_EVENTS) {
            events.removeFirst(); // far beyond any threshold WSFC allows to matter
        }
    }

    /** How many events happened within the last {@code period}. */
    public int countWithin(Duration period) {
        return within(period).size();
    }

    /** The events within the last {@code period}, oldest first. Asking never forgets events a longer period covers. */
    public List<Instant> within(Duration period) {
        Instant horizon = clock.instant().minus(period);
        return events.stream().filter(e -> e.isAfter(horizon)).toList();
    }

    /** Forgets every event. */
    public void clear() {
        events.clear();
    }
}
