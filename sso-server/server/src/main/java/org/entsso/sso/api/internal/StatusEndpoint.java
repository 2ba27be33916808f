package org.entsso.sso.api.internal;

import java.time.Clock;
import java.util.Objects;
import org.entsso.sso.api.NodeStatusSource;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.Health;
import org.entsso.sso.store.SsoStore;

/**
 * {@code GET /v1/sys/status} (200, the status document) and {@code GET|HEAD /v1/sys/health} (Vault-like status code
 * from {@link Health#evaluate}, the status document without its database part as body). Any cluster certificate may ask. Thread-safe.
 */
public final class StatusEndpoint {
    private final NodeStatusSource node;
    private final CredentialLookupService lookups;
    private final SsoStore store;
    private final Clock clock;

    public StatusEndpoint(NodeStatusSource node, CredentialLookupService lookups, SsoStore store, Clock clock) {
        this.node = Objects.requireNonNull(node, "node");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The endpoint of {@code /v1/sys/status}. */
    public Endpoint status() {
        return request -> {
            request.require("GET");
            StatusDocument document = StatusDocument.read(node, lookups.availability(), store, clock);
            request.respondJson(200, document::write);
        };
    }

    /** The node's health now, from memory only (what {@code /v1/sys/health} answers). */
    public Health healthNow() {
        StatusDocument document = StatusDocument.fromMemory(node, lookups.availability(), clock);
        return Health.evaluate(
                document.active(), document.holdsSecret(), document.mss().reachable(), document.availability());
    }

    /** The endpoint of {@code /v1/sys/health}. */
    public Endpoint health() {
        return request -> {
            if (!"GET".equals(request.method()) && !request.isHead()) {
                throw new MethodNotAllowed("GET, HEAD");
            }
            // From memory only: a health probe never waits on the database (issue 9 item 6).
            StatusDocument document = StatusDocument.fromMemory(node, lookups.availability(), clock);
            Health health = Health.evaluate(
                    document.active(), document.holdsSecret(), document.mss().reachable(), document.availability());
            if (request.isHead()) {
                request.respondEmpty(health.status());
            } else {
                request.respondJson(health.status(), document::write);
            }
        };
    }
}
