package org.entsso.sso.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.transport.CallerHandler;
import org.entsso.sso.transport.Exchange;

/**
 * {@code GET /v1/sys/health} on the node's mutual-TLS server: any caller with a cluster certificate may ask. The
 * health is computed per request from {@code health}. Thread-safe.
 */
public final class HealthHandler implements CallerHandler {
    /** The path the handler serves. */
    public static final String PATH = "/v1/sys/health";

    private final Supplier<Health> health;

    public HealthHandler(Supplier<Health> health) {
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public void handle(Exchange exchange, CertificateIdentity caller) throws IOException {
        if (!"GET".equals(exchange.method()) && !"HEAD".equals(exchange.method())) {
            exchange.setResponseHeader("Allow", "GET, HEAD");
            exchange.sendEmpty(405);
            return;
        }
        Health now = health.get();
        byte[] body = now.toJson().getBytes(StandardCharsets.UTF_8);
        exchange.setResponseHeader("Content-Type", "application/json");
        exchange.setResponseHeader("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.method())) {
            exchange.sendEmpty(now.status());
            return;
        }
        exchange.send(now.status(), body, body.length);
    }
}
