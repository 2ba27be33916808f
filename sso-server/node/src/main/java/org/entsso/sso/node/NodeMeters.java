package org.entsso.sso.node;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.entsso.sso.server.Availability;
import org.entsso.sso.server.CacheStats;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringRefresher;
import org.entsso.sso.server.KeyringStatus;

/**
 * The node's own gauges and counters (sso-server/docs/metrics.md), read from memory when scraped: the master secret
 * server role and epoch, the keyring and its secret's age, the database and its outage grace, the credential cache.
 * Stateless.
 */
final class NodeMeters {
    private NodeMeters() {}

    /** What the node's meters read. {@code activeEpoch}: this node's epoch while it is the active MSS, else empty. */
    record Sources(
            KeyringHolder keyrings,
            KeyringRefresher refresher,
            CredentialLookupService lookups,
            Supplier<OptionalLong> activeEpoch,
            Clock clock) {}

    static void bind(MeterRegistry registry, Sources sources) {
        bindRole(registry, sources.activeEpoch());
        bindKeyring(registry, sources.keyrings(), sources.refresher(), sources.clock());
        bindDatabase(registry, sources.lookups());
        bindCache(registry, sources.lookups());
    }

    private static void bindRole(MeterRegistry registry, Supplier<OptionalLong> activeEpoch) {
        // Strong references: a gauge holds its object weakly, and nothing else holds this lambda, so it read NaN
        // after the first garbage collection.
        Gauge.builder("entsso.mss.active", activeEpoch, e -> e.get().isPresent() ? 1 : 0)
                .description("1 while this node is the active master secret server (owns the group, service online)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("entsso.mss.epoch", activeEpoch, e -> e.get().orElse(-1))
                .description("The ownership epoch this node serves the master secret under while active; -1 otherwise")
                .strongReference(true)
                .register(registry);
    }

    private static void bindKeyring(
            MeterRegistry registry, KeyringHolder keyrings, KeyringRefresher refresher, Clock clock) {
        Gauge.builder("entsso.keyring.present", keyrings, k -> k.hasKeyring() ? 1 : 0)
                .description("1 while this SSO server holds a keyring and can decrypt")
                .register(registry);
        Gauge.builder(
                        "entsso.keyring.age",
                        keyrings,
                        k -> k.age().map(NodeMeters::seconds).orElse(Double.NaN))
                .description("Seconds since the keyring held now was installed (fetched or refreshed)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(
                        "entsso.keyring.epoch",
                        keyrings,
                        k -> k.status().map(KeyringStatus::epoch).orElse(-1L))
                .description("The ownership epoch of the master secret server the keyring came from; -1 without one")
                .register(registry);
        Gauge.builder(
                        "entsso.keyring.refresh.failing",
                        refresher,
                        r -> r.lastError().isPresent() ? 1 : 0)
                .description("1 while the latest attempt to fetch a newer keyring from the master secret server failed")
                .register(registry);
        Gauge.builder(
                        "entsso.msid.age",
                        keyrings,
                        k -> k.status()
                                .map(s -> seconds(Duration.between(s.currentCreated(), clock.instant())))
                                .orElse(Double.NaN))
                .description("Seconds since the current master secret (its MSID) was generated, from the keyring held;"
                        + " NaN without one")
                .baseUnit("seconds")
                .register(registry);
    }

    private static void bindDatabase(MeterRegistry registry, CredentialLookupService lookups) {
        for (Availability a : Availability.values()) {
            Gauge.builder("entsso.database.availability", lookups, l -> l.availability() == a ? 1 : 0)
                    .description("1 for the SSO server's database availability state now")
                    .tag("state", a.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("entsso.database.outage.grace.remaining", lookups, l -> seconds(l.databaseOutageGraceRemaining()))
                .description("Seconds of the database outage grace left: all of it while the database answers, counting"
                        + " down while cached lookups are served without it, 0 once offline")
                .baseUnit("seconds")
                .register(registry);
    }

    private static void bindCache(MeterRegistry registry, CredentialLookupService lookups) {
        counter(registry, lookups, "entsso.cache.hits", "Lookups answered from the credential cache", CacheStats::hits);
        counter(registry, lookups, "entsso.cache.misses", "Lookups that read the database", CacheStats::misses);
        counter(
                registry,
                lookups,
                "entsso.cache.evictions",
                "Credential cache entries evicted because it was full",
                CacheStats::evictions);
        counter(
                registry,
                lookups,
                "entsso.cache.expirations",
                "Credential cache entries that expired",
                CacheStats::expirations);
        Gauge.builder("entsso.cache.size", lookups, l -> l.cacheStats().size())
                .description("Credential cache entries now (estimated)")
                .register(registry);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static void counter(
            MeterRegistry registry,
            CredentialLookupService lookups,
            String name,
            String description,
            ToDoubleFunction<CacheStats> read) {
        FunctionCounter.builder(name, lookups, l -> read.applyAsDouble(l.cacheStats()))
                .description(description)
                .register(registry);
    }
}
