package org.entsso.sso.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a host instance reads its adapter settings through: a receive location's or send port's property bag from the
 * config store, by application and identifier ({@link SsoClient#getConfigInfo}, run-time mode), kept for
 * {@code refreshAfter} and read again after that, so a change an administrator makes reaches the host within that
 * time. While the SSO servers cannot answer, the last bag read keeps being served (for at most {@code maxStale} past
 * its refresh time), as the SSO servers serve cached credentials while the master secret server fails over; a refusal
 * (the item was deleted, the caller lost its right) is not hidden: it drops the entry and is thrown.
 *
 * <p>Thread-safe: concurrent readers of one item may both read it from the server once when it is due; the bags are
 * unmodifiable. The bags hold plaintext; {@link #clear()} forgets them.
 */
public final class ConfigStoreCache {
    private final SsoClient client;
    private final Duration refreshAfter;
    private final Duration maxStale;
    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    private record Key(String application, String identifier) {}

    private record Entry(Map<String, String> bag, Instant readAt) {}

    /**
     * A cache over {@code client}.
     *
     * @param refreshAfter how long a bag is served before it is read again (a change shows within this time)
     * @param maxStale how long past {@code refreshAfter} a bag is still served while no SSO server answers
     */
    public ConfigStoreCache(SsoClient client, Duration refreshAfter, Duration maxStale) {
        this(client, refreshAfter, maxStale, Clock.systemUTC());
    }

    ConfigStoreCache(SsoClient client, Duration refreshAfter, Duration maxStale, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.refreshAfter = requirePositive(refreshAfter, "refreshAfter");
        this.maxStale = requirePositive(maxStale, "maxStale");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The property bag of {@code identifier} in {@code application}.
     *
     * @throws SsoClientException what the SSO server answered (10757 for an item that does not exist, 11042 for a
     *     caller without the right), or, when no server answered, what the client library reports once the last bag is
     *     too old to serve
     */
    public Map<String, String> get(String application, String identifier) {
        Key key = new Key(application, identifier);
        Entry cached = entries.get(key);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.readAt().plus(refreshAfter))) {
            return cached.bag();
        }
        try {
            Map<String, String> bag = Map.copyOf(client.getConfigInfo(application, identifier));
            entries.put(key, new Entry(bag, now));
            return bag;
        } catch (SsoClientException e) {
            boolean unreachable = e.httpStatus() == 0 || e.httpStatus() >= 500;
            if (unreachable
                    && cached != null
                    && now.isBefore(cached.readAt().plus(refreshAfter).plus(maxStale))) {
                return cached.bag();
            }
            if (!unreachable) {
                entries.remove(key);
            }
            throw e;
        }
    }

    /** Forgets the bag of one item: the next {@link #get} reads it from the server. */
    public void invalidate(String application, String identifier) {
        entries.remove(new Key(application, identifier));
    }

    /** Forgets every bag. */
    public void clear() {
        entries.clear();
    }

    @Override
    public String toString() {
        return "ConfigStoreCache[" + entries.size() + " items, refresh after " + refreshAfter + "]";
    }

    private static Duration requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
