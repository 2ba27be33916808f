package org.entsso.sso.node;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import org.entsso.sso.server.Availability;
import org.entsso.sso.server.CacheStats;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringStatus;

/** The node's own gauges and counters (sso-server/docs/metrics.md), read when scraped. Stateless. */
final class NodeMeters {
    private NodeMeters() {}

    static void bind(
            MeterRegistry registry,
            KeyringHolder keyrings,
            CredentialLookupService lookups,
            BooleanSupplier activeMasterSecretServer) {
        Gauge.builder("entsso.mss.active", activeMasterSecretServer, s -> s.getAsBoolean() ? 1 : 0)
                .description("1 while this node is the active master secret server (owns the group, service online)")
                .register(registry);
        Gauge.builder("entsso.keyring.present", keyrings, k -> k.hasKeyring() ? 1 : 0)
                .description("1 while this SSO server holds a keyring and can decrypt")
                .register(registry);
        Gauge.builder(
                        "entsso.keyring.age",
                        keyrings,
                        k -> k.age().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN))
                .description("Seconds since the keyring held now was installed (fetched or refreshed)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(
                        "entsso.keyring.epoch",
                        keyrings,
                        k -> k.status().map(KeyringStatus::epoch).orElse(-1L))
                .description("The ownership epoch of the master secret server the keyring came from; -1 without one")
                .register(registry);
        for (Availability a : Availability.values()) {
            Gauge.builder("entsso.database.availability", lookups, l -> l.availability() == a ? 1 : 0)
                    .description("1 for the SSO server's database availability state now")
                    .tag("state", a.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
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
