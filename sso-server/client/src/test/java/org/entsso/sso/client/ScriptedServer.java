package org.entsso.sso.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.Exchange;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.TlsSettings;

/**
 * A real mutual-TLS SSO server stand-in on loopback ({@link MutualTlsServer}): each routed path answers from a script
 * (one reply per request, the last one repeated) and every request is recorded. The real {@code /v1} API is built
 * elsewhere; these scripts follow docs/api.md.
 */
final class ScriptedServer implements AutoCloseable {
    /** One request as the server saw it. */
    record Received(String method, String uri, String idempotencyKey, String body, String caller) {}

    /** One scripted answer. */
    record Reply(int status, String body) {
        static Reply ok(String json) {
            return new Reply(200, json);
        }

        static Reply noContent() {
            return new Reply(204, "");
        }

        static Reply error(int status, int code, String message) {
            return new Reply(status, "{\"code\":" + code + ",\"message\":\"" + message + "\"}");
        }

        static Reply unavailable(int code) {
            return error(503, code, "Cannot perform encryption or decryption because the secret is not available.");
        }
    }

    private final MutualTlsServer server;
    private final URI endpoint;
    private final Map<String, Deque<Reply>> scripts;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** Starts a server presenting {@code material} that routes {@code paths} (decoded, exact). */
    ScriptedServer(TlsMaterial material, String... paths) {
        this(material, newScripts(), paths);
    }

    /**
     * A server that shares its scripts with others made with the same {@code scripts}: a script then runs across
     * them, one reply per request whichever server receives it, like a cluster whose MSS is away for a while.
     */
    ScriptedServer(TlsMaterial material, Map<String, Deque<Reply>> scripts, String... paths) {
        this.scripts = scripts;
        server = new MutualTlsServer(new TlsSettings("127.0.0.1", 0, material));
        for (String path : paths) {
            server.route(path, this::answer);
        }
        server.start();
        endpoint = server.endpoint();
    }

    /** A script table to share between servers. */
    static Map<String, Deque<Reply>> newScripts() {
        return new ConcurrentHashMap<>();
    }

    /** Answers requests to {@code path} with {@code replies} in order, repeating the last. */
    ScriptedServer script(String path, Reply... replies) {
        scripts.put(path, new ArrayDeque<>(List.of(replies)));
        return this;
    }

    /** The endpoint it listens (or listened) on. */
    URI endpoint() {
        return endpoint;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void answer(Exchange exchange, CertificateIdentity caller) throws IOException {
        String body;
        try (InputStream in = exchange.requestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        received.add(new Received(
                exchange.method(),
                exchange.rawPath() + (exchange.rawQuery() == null ? "" : "?" + exchange.rawQuery()),
                exchange.requestHeader("Idempotency-Key").orElse(null),
                body,
                caller.principal()));
        Reply reply = next(URI.create(exchange.rawPath()).getPath());
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.setResponseHeader("Content-Type", "application/json");
        exchange.setResponseHeader("Cache-Control", "no-store");
        if (reply.status() == 503) {
            exchange.setResponseHeader("Retry-After", "1");
        }
        exchange.send(reply.status(), bytes, bytes.length);
    }

    private Reply next(String path) {
        Deque<Reply> script = scripts.get(path);
        if (script == null) {
            return Reply.error(404, 15001, "No script for " + path);
        }
        synchronized (script) {
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
