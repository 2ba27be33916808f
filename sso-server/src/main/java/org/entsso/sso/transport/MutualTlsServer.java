package org.entsso.sso.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.crypto.CertificateIdentity;
import org.entsso.sso.transport.internal.HandshakeDeadlineExecutor;
import org.entsso.sso.transport.internal.JsonResponses;

/**
 * An HTTPS server with mutual TLS 1.3 on the JDK's {@code com.sun.net.httpserver} (no extra dependency): the
 * foundation of the keyring endpoint and of the later {@code /v1} JSON API. Every connection must present a client
 * certificate that chains to the cluster CA; each {@link CallerHandler} receives the caller's
 * {@link CertificateIdentity} read from that verified certificate. The TLS policy is {@link TlsMaterial}'s.
 *
 * <p>Lifecycle: LATENT ({@link #route} exact paths, {@link #routeTree} a path and everything below it) -> STARTED
 * ({@link #start()} binds {@link TlsSettings#host()}:{@link TlsSettings#port()}) -> CLOSED ({@link #close()} stops
 * listening, drops open connections and stops the worker threads; idempotent). A second {@code start()} or a route added after it throws {@link IllegalStateException}.
 *
 * <p>A connection must complete its handshake and send its request line within {@link TlsSettings#handshakeTimeout()}
 * or it is dropped: the JDK server does both on its worker threads with blocking reads, so a few stalled connections
 * would otherwise hold every worker.
 *
 * <p>Thread-safe: lifecycle methods are synchronized; handlers run concurrently on the worker threads.
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
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private State state = State.LATENT;
    private HttpsServer server;
    private HandshakeDeadlineExecutor workers;

    /** A server that will listen as {@code settings} say once started. */
    public MutualTlsServer(TlsSettings settings) {
        this.settings = settings;
    }

    /** Serves {@code path} (exact match; other paths get 404) with {@code handler}. Only before {@link #start()}. */
    public synchronized MutualTlsServer route(String path, CallerHandler handler) {
        return add(path, new Route(handler, false));
    }

    /**
     * Serves {@code prefix} and every path below it ({@code prefix + "/..."}, but not {@code prefix + "x"}) with
     * {@code handler}, which parses the rest of the path itself. An exact {@link #route} below the prefix wins for its
     * own path. Only before {@link #start()}.
     */
    public synchronized MutualTlsServer routeTree(String prefix, CallerHandler handler) {
        if (prefix.endsWith("/")) {
            throw new IllegalArgumentException("a route tree's prefix has no trailing slash: " + prefix);
        }
        return add(prefix, new Route(handler, true));
    }

    private MutualTlsServer add(String path, Route route) {
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
        HandshakeDeadlineExecutor pool = new HandshakeDeadlineExecutor(
                settings.workerThreads(), settings.handshakeTimeout(), "entsso-tls-" + settings.port());
        try {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
            https.setHttpsConfigurator(new MutualTls13(settings.material()));
            https.setExecutor(pool);
            routes.forEach(
                    (path, route) -> https.createContext(path, exchange -> dispatch(pool, path, route, exchange)));
            if (!routes.containsKey("/")) {
                // Without a context at "/", the JDK answers unknown paths with an HTML page.
                https.createContext(
                        "/", exchange -> dispatch(pool, "/", new Route(MutualTlsServer::notFound, false), exchange));
            }
            https.start();
            server = https;
            workers = pool;
        } catch (IOException e) {
            pool.shutdownNow();
            state = State.CLOSED;
            throw new UncheckedIOException("could not listen on " + settings.host() + ":" + settings.port(), e);
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
        return server.getAddress().getPort();
    }

    /** {@code https://<host>:<bound port>}, the base URI clients dial. Only while STARTED. */
    public synchronized URI endpoint() {
        return URI.create("https://" + hostForUri(settings.host()) + ":" + boundPort());
    }

    /** The current lifecycle state. */
    public synchronized State state() {
        return state;
    }

    /** Stops listening and closes open connections at once. Idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        State from = state;
        state = State.CLOSED;
        if (server != null) {
            server.stop(0);
            workers.shutdownNow();
        }
        LOG.info("TLS endpoint {}:{} {} -> CLOSED", settings.host(), settings.port(), from);
    }

    private static void dispatch(HandshakeDeadlineExecutor pool, String path, Route route, HttpExchange exchange) {
        try {
            if (!route.matches(path, exchange.getRequestURI().getPath())) {
                // Contexts match by string prefix; routes are exact, trees match whole segments.
                notFound(exchange, null);
                return;
            }
            CertificateIdentity caller;
            try {
                caller = callerOf((HttpsExchange) exchange);
            } catch (SSLPeerUnverifiedException | IllegalArgumentException e) {
                LOG.warn("refused a request to {}: the client certificate names no cluster identity", path);
                JsonResponses.error(exchange, 403, SsoError.ACCESS_DENIED, "a cluster certificate");
                return;
            }
            pool.handlerReached();
            route.handler().handle(exchange, caller);
        } catch (IOException e) {
            LOG.debug("the connection for {} failed while answering: {}", path, e.toString());
        } catch (RuntimeException e) {
            LOG.error("the handler for {} failed", path, e);
            JsonResponses.bare(exchange, 500);
        } finally {
            exchange.close();
        }
    }

    private static void notFound(HttpExchange exchange, CertificateIdentity caller) throws IOException {
        JsonResponses.error(
                exchange,
                404,
                SsoError.NOT_FOUND,
                "No endpoint at " + exchange.getRequestURI().getPath());
    }

    private static CertificateIdentity callerOf(HttpsExchange exchange) throws SSLPeerUnverifiedException {
        Certificate[] chain = exchange.getSSLSession().getPeerCertificates();
        return CertificateIdentity.of((X509Certificate) chain[0]);
    }

    private static String hostForUri(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** A handler and whether it serves the path below its own too. */
    private record Route(CallerHandler handler, boolean tree) {
        boolean matches(String routed, String requested) {
            if (requested.equals(routed)) {
                return true;
            }
            return tree && requested.startsWith(routed) && requested.charAt(routed.length()) == '/';
        }
    }

    /** TLS 1.3 only, client certificate required, on every connection. */
    private static final class MutualTls13 extends HttpsConfigurator {
        MutualTls13(TlsMaterial material) {
            super(material.serverContext());
        }

        @Override
        public void configure(HttpsParameters parameters) {
            SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
            ssl.setProtocols(new String[] {TlsMaterial.PROTOCOL});
            ssl.setNeedClientAuth(true);
            parameters.setSSLParameters(ssl);
        }
    }

    @Override
    public String toString() {
        return "MutualTlsServer[" + settings.host() + ":" + settings.port() + ", " + state() + "]";
    }
}
