package org.entsso.sso.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the lookup path. Immutable and thread-safe.
 *
 * @param credentialCacheTimeout how long a looked-up credential is served from memory (ENTSSO default 60 min)
 * @param databaseOutageGrace how long after the database was last reachable cached lookups are still served before
 *     the server goes offline (ENTSSO: about 5 min, event 10590)
 * @param credentialCacheMaxEntries the most credentials the cache holds (default 100 000; at least 1): beyond it the
 *     cache evicts (and zeroes) entries before their timeout
 */
public record LookupSettings(
        Duration credentialCacheTimeout, Duration databaseOutageGrace, long credentialCacheMaxEntries) {
    /** The default credential cache timeout: 60 minutes. */
    public static final Duration DEFAULT_CACHE_TIMEOUT = Duration.ofMinutes(60);

    /** The default outage grace: 5 minutes. */
    public static final Duration DEFAULT_OUTAGE_GRACE = Duration.ofMinutes(5);

    /** The default bound of the credential cache: 100 000 entries. */
    public static final long DEFAULT_CACHE_MAX_ENTRIES = 100_000;

    public LookupSettings {
        Objects.requireNonNull(credentialCacheTimeout, "credentialCacheTimeout");
        Objects.requireNonNull(databaseOutageGrace, "databaseOutageGrace");
        if (credentialCacheTimeout.isNegative() || databaseOutageGrace.isNegative()) {
            throw new IllegalArgumentException("Timeouts must not be negative");
        }
        if (credentialCacheMaxEntries < 1) {
            throw new IllegalArgumentException(
                    "The credential cache needs room for at least 1 entry, not " + credentialCacheMaxEntries);
        }
    }

    /** 60 minutes of credential cache, 5 minutes of outage grace, at most 100 000 cached credentials. */
    public static LookupSettings defaults() {
        return new LookupSettings(DEFAULT_CACHE_TIMEOUT, DEFAULT_OUTAGE_GRACE, DEFAULT_CACHE_MAX_ENTRIES);
    }

    /** These settings with another credential cache timeout (zero turns the cache off). */
    public LookupSettings withCredentialCacheTimeout(Duration value) {
        return new LookupSettings(value, databaseOutageGrace, credentialCacheMaxEntries);
    }

    /** These settings with another outage grace. */
    public LookupSettings withDatabaseOutageGrace(Duration value) {
        return new LookupSettings(credentialCacheTimeout, value, credentialCacheMaxEntries);
    }

    /** These settings with another bound of the credential cache (at least 1; a zero timeout turns the cache off). */
    public LookupSettings withCredentialCacheMaxEntries(long value) {
        return new LookupSettings(credentialCacheTimeout, databaseOutageGrace, value);
    }
}
