package org.entsso.sso.transport;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.Closeable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.transport.internal.HttpMeters;
import org.entsso.sso.transport.internal.JettyHttps;
import org.entsso.sso.transport.internal.Routes;

/**
 * An HTTPS server with mutual TLS 1.3 on Jetty 12 (core handlers, no servlets): the foundation of the keyring endpoint,
 * the master secret server's internal endpoints and the {@code /v1} JSON API. Every connection must present a client
 * certificate that chains to the cluster CA; each {@link CallerHandler} receives the caller's
 * {@link org.entsso.sso.tls.CertificateIdentity} read from that verified certificate. The TLS policy is
 * {@link TlsMaterial}'s; ALPN offers HTTP/2 and HTTP/1.1.
 *
 * <p>Lifecycle: LATENT ({@link #route} exact paths, {@link #routeTree} a path and everything below it) -> STARTED
 * ({@link #start()} binds {@link TlsSettings#host()}:{@link TlsSettings#port()}) -> CLOSED ({@link #close()} drains and
 * stops; idempotent). A second {@code start()} or a route added after it throws {@link IllegalStateException}.
 *
 * <p>Limits (sso-server/docs/transport.md, "Limits"): handshakes, headers and bodies are read without holding a
 * handler thread; a connection must reach a handler within {@link TlsSettings#handshakeTimeout()} of its accept and a
 * body must arrive whole within it too; open connections, body and header sizes are bounded by
 * {@link TlsSettings#limits()}; every route runs on the threads of its {@link WorkPool}, and a request that finds its
 * pool full is answered 503 at once.
 *
 * <p>Thread-safe: lifecycle methods are synchronized; handlers run concurrently on their pools' threads.
 */
public final class MutualTlsServer implements Closeable {
    /** The lifecycle states. */
    public enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private static final Logger LOG = LogManager.getLogger(MutualTlsServer.class);

    private final TlsSettings settings;
    private final Map<String, Routes.Route> routes = new LinkedHashMap<>();
    private State state = State.LATENT;
    private HttpMeters meters = HttpMeters.NONE;
    private JettyHttps server;

    /** A server that will listen as {@code settings} say once started. */
    public MutualTlsServer(TlsSettings settings) {
        this.settings = settings;
    }

    /**
     * Serves {@code path} (exact match; other paths get 404) with {@code handler} on the default pool. Only before
     * {@link #start()}.
     */
    public synchronized MutualTlsServer route(String path, CallerHandler handler) {
        return route(path, defaultPool(), handler);
    }

    /**
     * Serves {@code path} (exact match) with {@code handler} on the threads of {@code pool}, to any cluster identity.
     * Only before start.
     */
    public synchronized MutualTlsServer route(String path, WorkPool pool, CallerHandler handler) {
        return route(path, pool, CallerPolicy.anyClusterIdentity(), handler);
    }

    /**
     * Serves {@code path} (exact match) with {@code handler} on the threads of {@code pool}, to the callers
     * {@code callers} permits: the server answers anyone else 403 before it reads the body or takes a thread. Only
     * before start.
     */
    public synchronized MutualTlsServer route(String path, WorkPool pool, CallerPolicy callers, CallerHandler handler) {
        return add(path, new Routes.Route(handler, false, pool, pool, callers));
    }

    /**
     * Serves {@code prefix} and every path below it ({@code prefix + "/..."}, but not {@code prefix + "x"}) with
     * {@code handler}, which parses the rest of the path itself, on the default pool. An exact {@link #route} below the
     * prefix wins for its own path. Only before {@link #start()}.
     */
    public synchronized MutualTlsServer routeTree(String prefix, CallerHandler handler) {
        return routeTree(prefix, defaultPool(), defaultPool(), handler);
    }

    /**
     * As {@link #routeTree(String, CallerHandler)}, running {@code GET} and {@code HEAD} requests on {@code reads} and
     * every other method on {@code writes}, so that reads never queue behind slow writes.
     */
    public synchronized MutualTlsServer routeTree(
            String prefix, WorkPool reads, WorkPool writes, CallerHandler handler) {
        return routeTree(prefix, reads, writes, CallerPolicy.anyClusterIdentity(), handler);
    }

    /**
     * As {@link #routeTree(String, WorkPool, WorkPool, CallerHandler)}, to the callers {@code callers} permits (see
     * {@link #route(String, WorkPool, CallerPolicy, CallerHandler)}).
     */
    public synchronized MutualTlsServer routeTree(
            String prefix, WorkPool reads, WorkPool writes, CallerPolicy callers, CallerHandler handler) {
        if (prefix.endsWith("/")) {
            throw new IllegalArgumentException("a route tree's prefix has no trailing slash: " + prefix);
        }
        return add(prefix, new Routes.Route(handler, true, reads, writes, callers));
    }

    /**
     * As {@link #routeTree(String, WorkPool, WorkPool, CallerHandler)}, with a request body limit of its own instead
     * of the server's (batch requests); a larger body is answered 413 without reaching the handler.
     */
    public synchronized MutualTlsServer routeTree(
            String prefix, WorkPool reads, WorkPool writes, int maxRequestBytes, CallerHandler handler) {
        if (prefix.endsWith("/") || maxRequestBytes < 1) {
            throw new IllegalArgumentException("a route tree needs a prefix without a trailing slash and a positive"
                    + " body limit: " + prefix + ", " + maxRequestBytes);
        }
        return add(
                prefix,
                new Routes.Route(handler, true, reads, writes, CallerPolicy.anyClusterIdentity(), maxRequestBytes));
    }

    /**
     * Records this server's requests, refusals, dropped connections and pools on {@code registry}, tagged
     * {@code server=<name>} (sso-server/docs/metrics.md). Only before {@link #start()}.
     */
    public synchronized MutualTlsServer instrument(MeterRegistry registry, String name) {
        if (state != State.LATENT) {
            throw new IllegalStateException("instrument before start(); the server is " + state);
        }
        meters = HttpMeters.on(registry, name);
        return this;
    }

    private WorkPool defaultPool() {
        return new WorkPool(WorkPool.DEFAULT.name(), settings.workerThreads(), WorkPool.DEFAULT.queue());
    }

    private MutualTlsServer add(String path, Routes.Route route) {
        if (state != State.LATENT) {
            throw new IllegalStateException("routes are added before start(); the server is " + state);
        }
        if (!path.startsWith("/") || routes.putIfAbsent(path, route) != null) {
            throw new IllegalArgumentException("the path " + path + " is not absolute or already routed");
        }
        return this;
    }

    /** Binds and starts serving. Throws {@link UncheckedIOException} if the address cannot be bound. */
    public synchronized void start() {
        if (state != State.LATENT) {
            throw new IllegalStateException("start() was already called; the server is " + state);
        }
        try {
            server = JettyHttps.start(settings, new Routes(routes), meters);
        } catch (RuntimeException e) {
            state = State.CLOSED;
            throw e;
        }
        state = State.STARTED;
        LOG.info(
                "TLS endpoint {} LATENT -> STARTED as {}",
                endpoint(),
                settings.material().identity().principal());
    }

    /** The port actually bound (the ephemeral one if the settings said 0). Only while STARTED. */
    public synchronized int boundPort() {
        if (state != State.STARTED) {
            throw new IllegalStateException("the server is " + state + ", not STARTED");
        }
        return server.boundPort();
    }

    /** {@code https://<host>:<bound port>}, the base URI clients dial. Only while STARTED. */
    public synchronized URI endpoint() {
        return URI.create("https://" + hostForUri(settings.host()) + ":" + boundPort());
    }

    /** The current lifecycle state. */
    public synchronized State state() {
        return state;
    }

    /**
     * Stops accepting, lets requests in flight finish within {@link TlsSettings.Limits#drainTimeout()} (new requests on
     * open connections meanwhile get 503), then closes every connection and stops the threads. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        State from = state;
        state = State.CLOSED;
        if (server != null) {
            server.close();
        }
        LOG.info("TLS endpoint {}:{} {} -> CLOSED", settings.host(), settings.port(), from);
    }

    private static String hostForUri(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return "MutualTlsServer[" + settings.host() + ":" + settings.port() + ", " + state() + "]";
    }
}
