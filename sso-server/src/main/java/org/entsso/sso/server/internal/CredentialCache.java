package org.entsso.sso.server.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.entsso.sso.server.Credentials;

/**
 * Decrypted credentials kept in memory for a while (anchors/entsso.md §1: 60 minutes by default). Keyed by
 * application (any case), caller and Windows account, so an entry answers only the caller whose access was checked when
 * it was read. Every entry that leaves the cache (expiry, invalidation, replacement, {@link #clear()}) is zeroed; a
 * hit hands out a copy, so the caller's result survives a later eviction.
 *
 * <p>A lookup that read the database just before a change must not put the older value back after the change dropped
 * the entry (issue 9: the server that forwarded a write must never serve the older value after acknowledging it).
 * So each application has a generation that {@link #invalidate} and {@link #clear} advance; a reader takes
 * {@link #generation} before it reads the database and {@link #put} refuses a value read under an older generation.
 *
 * <p>Thread-safe. Bounded in time by the timeout; expired entries are swept on every insert.
 */
public final class CredentialCache {
    private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLong clears = new AtomicLong();
    private final Clock clock;
    private final Duration timeout;

    public CredentialCache(Clock clock, Duration timeout) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A copy of the unexpired entry, if there is one; an expired one is removed and zeroed. */
    public Optional<Credentials> get(String application, String caller, String account) {
        Key key = new Key(application, caller, account);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt)) {
            if (entries.remove(key, entry)) {
                entry.zero();
            }
            return Optional.empty();
        }
        // Empty when an invalidation zeroed the entry between the map read and the copy: a miss, not an error.
        return entry.copy();
    }

    /**
     * The application's generation now: take it before reading the database and hand it to {@link #put}. Opaque; it
     * only changes when the application's entries are invalidated.
     */
    public Generation generation(String application) {
        return new Generation(clears.get(), counter(application).get());
    }

    /**
     * Caches {@code credentials}, taking ownership: they are zeroed when they leave the cache, so pass a copy of
     * anything still in use. When the timeout is zero, or the application was invalidated since {@code readAt} was
     * taken (the value may be older than the change), nothing is cached and they are zeroed at once.
     */
    public void put(String application, String caller, String account, Credentials credentials, Generation readAt) {
        if (timeout.isZero() || !readAt.equals(generation(application))) {
            credentials.clear();
            return;
        }
        Instant now = clock.instant();
        sweep(now);
        Key key = new Key(application, caller, account);
        Entry entry = new Entry(credentials, now.plus(timeout));
        Entry previous = entries.put(key, entry);
        if (previous != null) {
            previous.zero();
        }
        // An invalidation that advanced the generation after the check above may have swept before the insert: check
        // again, so the entry is removed either by that sweep or here.
        if (!readAt.equals(generation(application)) && entries.remove(key, entry)) {
            entry.zero();
        }
    }

    /** Drops (and zeroes) every entry of one application. */
    public void invalidate(String application) {
        counter(application).incrementAndGet();
        String app = application.toLowerCase(Locale.ROOT);
        entries.forEach((key, entry) -> {
            if (key.application.equals(app) && entries.remove(key, entry)) {
                entry.zero();
            }
        });
    }

    /** Drops (and zeroes) every entry. */
    public void clear() {
        clears.incrementAndGet();
        entries.forEach((key, entry) -> {
            if (entries.remove(key, entry)) {
                entry.zero();
            }
        });
    }

    /** The number of entries, expired ones included until swept. */
    public int size() {
        return entries.size();
    }

    private AtomicLong counter(String application) {
        return generations.computeIfAbsent(application.toLowerCase(Locale.ROOT), a -> new AtomicLong());
    }

    /** Where an application's invalidations stood when a reader started; compare with {@link #generation}. */
    public record Generation(long clears, long invalidations) {}

    private void sweep(Instant now) {
        entries.forEach((key, entry) -> {
            if (!now.isBefore(entry.expiresAt) && entries.remove(key, entry)) {
                entry.zero();
            }
        });
    }

    private record Key(String application, String caller, String account) {
        Key {
            application = application.toLowerCase(Locale.ROOT);
            caller = caller.toLowerCase(Locale.ROOT);
            account = account.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One cached value. Copying and zeroing exclude each other, so a lookup that found the entry just before an
     * invalidation (a write through any SSO server purges the application every few seconds) gets either a whole copy
     * or a miss, never a half-zeroed value or an exception.
     */
    private static final class Entry {
        private final Credentials credentials;
        private final Instant expiresAt;
        private boolean zeroed;

        Entry(Credentials credentials, Instant expiresAt) {
            this.credentials = credentials;
            this.expiresAt = expiresAt;
        }

        synchronized Optional<Credentials> copy() {
            return zeroed ? Optional.empty() : Optional.of(credentials.copy());
        }

        synchronized void zero() {
            zeroed = true;
            credentials.clear();
        }

        @Override
        public String toString() {
            return "Entry[" + credentials + ", expires " + expiresAt + "]";
        }
    }
}
