package org.entsso.sso.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the lookup path. Immutable and thread-safe.
 *
 * @param credentialCacheTimeout how long a looked-up credential is served from memory (ENTSSO default 60 min)
 * @param databaseOutageGrace how long after the database was last reachable cached lookups are still served before
 *     the server goes offline (ENTSSO: about 5 min, event 10590)
 */
public record LookupSettings(Duration credentialCacheTimeout, Duration databaseOutageGrace) {
    /** The default credential cache timeout: 60 minutes. */
    public static final Duration DEFAULT_CACHE_TIMEOUT = Duration.ofMinutes(60);

    /** The default outage grace: 5 minutes. */
    public static final Duration DEFAULT_OUTAGE_GRACE = Duration.ofMinutes(5);

    public LookupSettings {
        Objects.requireNonNull(credentialCacheTimeout, "credentialCacheTimeout");
        Objects.requireNonNull(databaseOutageGrace, "databaseOutageGrace");
        if (credentialCacheTimeout.isNegative() || databaseOutageGrace.isNegative()) {
            throw new IllegalArgumentException("Timeouts must not be negative");
        }
    }

    /** 60 minutes of credential cache, 5 minutes of outage grace. */
    public static LookupSettings defaults() {
        return new LookupSettings(DEFAULT_CACHE_TIMEOUT, DEFAULT_OUTAGE_GRACE);
    }

    /** These settings with another credential cache timeout (zero turns the cache off). */
    public LookupSettings withCredentialCacheTimeout(Duration value) {
        return new LookupSettings(value, databaseOutageGrace);
    }

    /** These settings with another outage grace. */
    public LookupSettings withDatabaseOutageGrace(Duration value) {
        return new LookupSettings(credentialCacheTimeout, value);
    }
}
