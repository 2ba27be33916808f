package org.entsso.sso.server.internal;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The ticket rules per (application, caller) that redemptions decided ({@link LookupUnits#ticketPolicy}), kept beside
 * the cached credentials and dropped with them (an application's change, any global or group change), so that a
 * redemption costs what the lookup it ends in costs. Bounded: cleared when full. Thread-safe.
 */
public final class TicketPolicies {
    /** The most (application, caller) pairs kept. */
    public static final int MAX_ENTRIES = 10_000;

    private final Map<String, LookupUnits.TicketPolicy> policies = new ConcurrentHashMap<>();

    /** The kept policy of {@code caller} in {@code application}, else {@code decide}'s, kept. */
    public LookupUnits.TicketPolicy get(String application, String caller, Supplier<LookupUnits.TicketPolicy> decide) {
        String key = fold(application) + "\n" + fold(caller);
        LookupUnits.TicketPolicy policy = policies.get(key);
        if (policy == null) {
            policy = decide.get();
            if (policies.size() >= MAX_ENTRIES) {
                policies.clear();
            }
            policies.put(key, policy);
        }
        return policy;
    }

    /** Drops every caller's policy in {@code application}. */
    public void drop(String application) {
        String prefix = fold(application) + "\n";
        policies.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** Drops every policy. */
    public void clear() {
        policies.clear();
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
