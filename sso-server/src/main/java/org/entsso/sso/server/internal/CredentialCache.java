package org.entsso.sso.server.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.entsso.sso.server.Credentials;

/**
 * Decrypted credentials kept in memory for a while (anchors/entsso.md §1: 60 minutes by default). Keyed by
 * application (any case), caller and Windows account, so an entry answers only the caller whose access was checked when
 * it was read. Every entry that leaves the cache (expiry, invalidation, replacement, {@link #clear()}) is zeroed; a
 * hit hands out a copy, so the caller's result survives a later eviction.
 *
 * <p>Thread-safe. Bounded in time by the timeout; expired entries are swept on every insert.
 */
public final class CredentialCache {
    private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();
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
                entry.credentials.clear();
            }
            return Optional.empty();
        }
        return Optional.of(entry.credentials.copy());
    }

    /**
     * Caches {@code credentials}, taking ownership: they are zeroed when they leave the cache, so pass a copy of
     * anything still in use. When the timeout is zero nothing is cached and they are zeroed at once.
     */
    public void put(String application, String caller, String account, Credentials credentials) {
        if (timeout.isZero()) {
            credentials.clear();
            return;
        }
        Instant now = clock.instant();
        sweep(now);
        Entry previous = entries.put(new Key(application, caller, account), new Entry(credentials, now.plus(timeout)));
        if (previous != null) {
            previous.credentials.clear();
        }
    }

    /** Drops (and zeroes) every entry of one application. */
    public void invalidate(String application) {
        String app = application.toLowerCase(Locale.ROOT);
        entries.forEach((key, entry) -> {
            if (key.application.equals(app) && entries.remove(key, entry)) {
                entry.credentials.clear();
            }
        });
    }

    /** Drops (and zeroes) every entry. */
    public void clear() {
        entries.forEach((key, entry) -> {
            if (entries.remove(key, entry)) {
                entry.credentials.clear();
            }
        });
    }

    /** The number of entries, expired ones included until swept. */
    public int size() {
        return entries.size();
    }

    private void sweep(Instant now) {
        entries.forEach((key, entry) -> {
            if (!now.isBefore(entry.expiresAt) && entries.remove(key, entry)) {
                entry.credentials.clear();
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

    private record Entry(Credentials credentials, Instant expiresAt) {
        @Override
        public String toString() {
            return "Entry[" + credentials + ", expires " + expiresAt + "]";
        }
    }
}
