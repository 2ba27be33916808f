package org.entsso.sso.server.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.entsso.sso.server.Credentials;
import org.entsso.sso.server.LookupSettings;

/**
 * Decrypted credentials kept in memory for a while (anchors/entsso.md §1: 60 minutes by default), at most a configured
 * number of them ({@link LookupSettings#credentialCacheMaxEntries()}, default 100 000). Keyed by application (any
 * case), caller and Windows account, so an entry answers only the caller whose access was checked when it was read.
 * Every entry that leaves the cache (expiry, size eviction, invalidation, replacement, {@link #clear()}) is zeroed; a
 * hit hands out a copy, so the caller's result survives a later eviction.
 *
 * <p>A lookup that read the database just before a change must not put the older value back after the change dropped
 * the entry (issue 9: the server that forwarded a write must never serve the older value after acknowledging it).
 * So each application has a generation that {@link #invalidate} and {@link #clear} advance, and each account of it a
 * generation that {@link #invalidate(String, String)} advances (kept in {@value #STRIPES} stripes that accounts share
 * by hash, so the count stays bounded; a shared stripe only costs a neighbour a skipped put); a reader takes
 * {@link #generation} before it reads the database and {@link #put} refuses a value read under an older generation.
 *
 * <p>Built on Caffeine: expire after write with the timeout, measured by the injected {@link Clock} (a Caffeine
 * {@link Ticker} reading the clock's nanoseconds since the cache was built, so a test's manual clock drives expiry; a
 * system clock stepped backwards delays expiry, one stepped forwards hastens it, as before); a maximum size, beyond
 * which Caffeine evicts (W-TinyLFU: the evicted entry may be the one just added). Caffeine's maintenance and removal
 * notifications run on the calling thread ({@code executor(Runnable::run)}), so an entry is zeroed before the call that
 * removed it returns. There is no timer: an expired entry is unreachable at once but is removed and zeroed at the next
 * maintenance, which reads and writes trigger. A lookup that found an entry just as another thread removed it gets a
 * whole copy or a miss, never zeroed bytes ({@code Entry}).
 *
 * <p>{@link #stats()} counts hits, misses, size evictions and expirations, for metrics; it holds no secret, and neither
 * does any {@code toString()} here.
 *
 * <p>Thread-safe.
 */
public final class CredentialCache {
    private final Cache<Key, Entry> entries;
    /** The number of account generation stripes. */
    static final int STRIPES = 1024;

    private final ConcurrentMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLongArray accountGenerations = new AtomicLongArray(STRIPES);
    private final AtomicLong clears = new AtomicLong();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder expirations = new LongAdder();
    /** Caffeine hits whose entry had been zeroed by the time it was copied: misses to the caller. */
    private final LongAdder zeroedHits = new LongAdder();

    private final Duration timeout;
    private final Clock clock;
    private final long maxEntries;

    /** A cache of at most {@link LookupSettings#DEFAULT_CACHE_MAX_ENTRIES} entries. */
    public CredentialCache(Clock clock, Duration timeout) {
        this(clock, timeout, LookupSettings.DEFAULT_CACHE_MAX_ENTRIES);
    }

    /**
     * A cache whose entries expire {@code timeout} after they were put (zero: nothing is cached), of at most
     * {@code maxEntries} entries.
     *
     * @throws IllegalArgumentException when the timeout is negative or {@code maxEntries} is less than 1
     */
    public CredentialCache(Clock clock, Duration timeout, long maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("The credential cache timeout must not be negative: " + timeout);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("The credential cache needs room for at least 1 entry: " + maxEntries);
        }
        this.maxEntries = maxEntries;
        Instant origin = clock.instant();
        Ticker ticker = () -> Duration.between(origin, clock.instant()).toNanos();
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(timeout)
                .ticker(ticker)
                .executor(Runnable::run)
                .recordStats()
                .<Key, Entry>removalListener((key, entry, cause) -> removed(entry, cause))
                .build();
    }

    /** A copy of the unexpired entry, if there is one. */
    public Optional<Credentials> get(String application, String caller, String account) {
        return get(application, caller, account, timeout);
    }

    /**
     * {@link #get(String, String, String)} for an entry put at most {@code maxAge} ago: the global credential cache
     * timeout (issue 12), when it is shorter than this cache's own. An older entry is a miss (it expires by itself).
     */
    public Optional<Credentials> get(String application, String caller, String account, Duration maxAge) {
        Entry entry = entries.getIfPresent(new Key(application, caller, account));
        if (entry == null) {
            return Optional.empty();
        }
        if (maxAge.compareTo(timeout) < 0 && clock.instant().isAfter(entry.putAt.plus(maxAge))) {
            return Optional.empty();
        }
        // Empty when a removal zeroed the entry between the cache read and the copy: a miss, not an error.
        Optional<Credentials> copy = entry.copy();
        if (copy.isEmpty()) {
            zeroedHits.increment();
        }
        return copy;
    }

    /**
     * The generation of {@code account}'s entries in {@code application} now: take it before reading the database and
     * hand it to {@link #put}. Opaque; it only changes when the application's or the account's entries are
     * invalidated.
     */
    public Generation generation(String application, String account) {
        return new Generation(
                clears.get(), counter(application).get(), accountGenerations.get(stripe(application, account)));
    }

    /**
     * Caches {@code credentials}, taking ownership: they are zeroed when they leave the cache, so pass a copy of
     * anything still in use. When the timeout is zero, or the application was invalidated since {@code readAt} was
     * taken (the value may be older than the change), nothing is cached and they are zeroed at once. A full cache
     * evicts an entry (maybe this one, zeroed at once).
     */
    public void put(String application, String caller, String account, Credentials credentials, Generation readAt) {
        if (timeout.isZero() || !readAt.equals(generation(application, account))) {
            credentials.clear();
            return;
        }
        Key key = new Key(application, caller, account);
        Entry entry = new Entry(credentials, clock.instant());
        entries.put(key, entry); // a replaced entry is zeroed by the removal listener
        // An invalidation that advanced the generation after the check above may have run before the insert: check
        // again, so the entry is removed either by that invalidation or here.
        if (!readAt.equals(generation(application, account))) {
            entries.asMap().remove(key, entry);
        }
    }

    /** Drops (and zeroes) every entry of one application. */
    public void invalidate(String application) {
        counter(application).incrementAndGet();
        ConcurrentMap<Key, Entry> map = entries.asMap();
        map.forEach((key, entry) -> {
            if (key.isOf(application)) {
                map.remove(key, entry);
            }
        });
    }

    /**
     * Drops (and zeroes) the entries of one account of one application, whoever asked for them: what a credential
     * write of an Individual mapping changes. A change that reaches other accounts' lookups (an application or group
     * mapping disabled) must use {@link #invalidate(String)}.
     */
    public void invalidate(String application, String account) {
        accountGenerations.incrementAndGet(stripe(application, account));
        ConcurrentMap<Key, Entry> map = entries.asMap();
        map.forEach((key, entry) -> {
            if (key.isOf(application, account)) {
                map.remove(key, entry);
            }
        });
    }

    /** Drops (and zeroes) every entry. */
    public void clear() {
        clears.incrementAndGet();
        entries.invalidateAll();
    }

    /** The number of entries, estimated: expired ones included until maintenance removes them. */
    public long size() {
        return entries.estimatedSize();
    }

    /** The counters since the cache was built, and its estimated size. */
    public Stats stats() {
        CacheStats caffeine = entries.stats();
        long zeroed = zeroedHits.sum();
        return new Stats(
                caffeine.hitCount() - zeroed,
                caffeine.missCount() + zeroed,
                evictions.sum(),
                expirations.sum(),
                entries.estimatedSize());
    }

    /** Runs Caffeine's pending maintenance (expiry, size eviction) now; for tests. */
    void cleanUp() {
        entries.cleanUp();
    }

    /** On the folded names (not {@code Key}'s quick hash), so every spelling of an account meets the same stripe. */
    private static int stripe(String application, String account) {
        int h = 31 * application.toLowerCase(Locale.ROOT).hashCode()
                + account.toLowerCase(Locale.ROOT).hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    private AtomicLong counter(String application) {
        return generations.computeIfAbsent(application.toLowerCase(Locale.ROOT), a -> new AtomicLong());
    }

    /** The removal listener: every way out zeroes the value. Runs on the thread that removed it, after the removal. */
    private void removed(Entry entry, RemovalCause cause) {
        if (entry != null) {
            entry.zero();
        }
        if (cause == RemovalCause.SIZE) {
            evictions.increment();
        } else if (cause == RemovalCause.EXPIRED) {
            expirations.increment();
        }
    }

    @Override
    public String toString() {
        return "CredentialCache[timeout " + timeout + ", at most " + maxEntries + " entries, about "
                + entries.estimatedSize() + " cached]";
    }

    /** Where an application's invalidations stood when a reader started; compare with {@link #generation}. */
    public record Generation(long clears, long invalidations, long accountInvalidations) {}

    /**
     * Counters of a cache, for metrics; no secret in them.
     *
     * @param hits lookups answered from the cache
     * @param misses lookups the cache could not answer (also those whose entry was zeroed as they copied it)
     * @param evictions entries dropped because the cache was full
     * @param expirations entries dropped because their timeout had passed
     * @param size the estimated number of entries now
     */
    public record Stats(long hits, long misses, long evictions, long expirations, long size) {}

    /**
     * Application, caller and account, equal when their {@code toLowerCase(Locale.ROOT)} forms are (names compare
     * case-insensitively), without building those forms on every lookup: a hit is every SSO server's hot path, and
     * folding three names into new strings and hashing them took about half of a hit's time (issue 10,
     * {@code LookupVsAesBenchmark} profile). The hash folds char by char, which is what {@code toLowerCase} does
     * except in a few cases (U+0130, a final sigma, supplementary letters); two spellings of such a name may hash
     * apart, which costs a miss, never a wrong hit: equality is still decided on the folded forms.
     */
    private static final class Key {
        private final String application;
        private final String caller;
        private final String account;
        private final int hash;

        Key(String application, String caller, String account) {
            this.application = application;
            this.caller = caller;
            this.account = account;
            this.hash = 31 * (31 * foldedHash(application) + foldedHash(caller)) + foldedHash(account);
        }

        boolean isOf(String application) {
            return sameName(this.application, application);
        }

        boolean isOf(String application, String account) {
            return sameName(this.account, account) && sameName(this.application, application);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that
                    && hash == that.hash
                    && sameName(application, that.application)
                    && sameName(caller, that.caller)
                    && sameName(account, that.account);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "Key[" + application + ", " + caller + ", " + account + "]";
        }

        private static boolean sameName(String a, String b) {
            return a.equals(b) || a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
        }

        private static int foldedHash(String name) {
            int h = 0;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                // ASCII folded inline (what Character.toLowerCase returns for it): the table lookup per char was a
                // quarter of a hit.
                int folded = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c < 0x80 ? c : Character.toLowerCase(c);
                h = 31 * h + folded;
            }
            return h;
        }
    }

    /**
     * One cached value. Copying and zeroing exclude each other, so a lookup that found the entry just before a removal
     * (a write through any SSO server purges the application every few seconds; Caffeine zeroes through the removal
     * listener after the removal) gets either a whole copy or a miss, never a half-zeroed value or an exception.
     */
    private static final class Entry {
        private final Credentials credentials;
        private final Instant putAt;
        private boolean zeroed;

        Entry(Credentials credentials, Instant putAt) {
            this.credentials = credentials;
            this.putAt = putAt;
        }

        synchronized Optional<Credentials> copy() {
            return zeroed ? Optional.empty() : Optional.of(credentials.copy());
        }

        synchronized void zero() {
            zeroed = true;
            credentials.clear();
        }

        @Override
        public synchronized String toString() {
            // Credentials.toString() is redacted (account, external user, field ordinals); no value here either.
            return "Entry[" + credentials + (zeroed ? ", zeroed" : "") + "]";
        }
    }
}
