package org.entsso.sso.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import org.entsso.sso.crypto.CertificateIdentity;
import org.entsso.sso.transport.CallerHandler;

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
    public void handle(HttpExchange exchange, CertificateIdentity caller) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        Health now = health.get();
        byte[] body = now.toJson().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(now.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(now.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
