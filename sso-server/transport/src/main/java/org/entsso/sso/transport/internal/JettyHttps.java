package org.entsso.sso.transport.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.entsso.sso.SsoError;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.TlsSettings;
import org.entsso.sso.transport.WorkPool;

/**
 * The Jetty server behind {@link org.entsso.sso.transport.MutualTlsServer}: one TLS connector (TLS 1.3, client
 * certificate required, ALPN h2 and http/1.1), a small I/O thread pool that runs handshakes, parsing and body reads
 * without blocking, and one bounded executor per {@link WorkPool} that runs the handlers. Thread-safe.
 */
public final class JettyHttps implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(JettyHttps.class);

    private static final byte[] NO_BODY = new byte[0];

    /** Jetty's own threads: selector, acceptor and non-blocking work; handlers never run on them. */
    private static final int IO_THREADS = 8;

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, ExecutorService> pools;

    private final Dispatcher dispatcher;
    private final Duration drainTimeout;

    private JettyHttps(
            Server server,
            ServerConnector connector,
            Map<String, ExecutorService> pools,
            Dispatcher dispatcher,
            Duration drainTimeout) {
        this.server = server;
        this.connector = connector;
        this.pools = pools;
        this.dispatcher = dispatcher;
        this.drainTimeout = drainTimeout;
    }

    /** Builds, binds and starts a server for {@code routes}. */
    public static JettyHttps start(TlsSettings settings, Routes routes, HttpMeters meters) {
        TlsSettings.Limits limits = settings.limits();
        Map<String, ExecutorService> pools = WorkPools.start(routes.pools(), settings.port());
        meters.pools(pools);
        QueuedThreadPool io = new QueuedThreadPool(IO_THREADS, 2);
        io.setName("entsso-tls-" + settings.port());
        io.setDaemon(true);
        Server server = new Server(io);

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Paths are parsed by our handlers, segment by segment, after percent-decoding; an encoded '/' or '\' in an
        // account name is data, not a separator.
        http.setUriCompliance(UriCompliance.LEGACY);
        http.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http11.getProtocol());
        SslConnectionFactory tls = new SslConnectionFactory(sslContextFactory(settings.material()), alpn.getProtocol());

        ServerConnector connector = new ServerConnector(server, 1, 1, tls, alpn, http2, http11);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptedTcpNoDelay(true);
        if (limits.handshakeRate().limited()) {
            // Before the deadline's listener: a refused connection is closed before anything is scheduled for it.
            connector.addEventListener(new HandshakeAdmission(limits.handshakeRate(), meters));
        }
        FirstRequestDeadline deadline = new FirstRequestDeadline(connector, settings.handshakeTimeout(), meters);
        connector.addEventListener(deadline);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));

        Dispatcher dispatcher = new Dispatcher(routes, pools, deadline, settings, meters);
        server.setHandler(dispatcher);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(0); // the drain happens before stop(), in close()
        server.setStopAtShutdown(false);
        JettyHttps https = new JettyHttps(server, connector, pools, dispatcher, limits.drainTimeout());
        try {
            server.start();
        } catch (Exception e) {
            https.close();
            if (e instanceof IOException io2) {
                throw new UncheckedIOException("could not listen on " + settings.host() + ":" + settings.port(), io2);
            }
            throw new IllegalStateException("could not start the TLS endpoint on " + settings.port(), e);
        }
        return https;
    }

    private static SslContextFactory.Server sslContextFactory(TlsMaterial material) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(material.serverContext());
        ssl.setNeedClientAuth(true);
        ssl.setIncludeProtocols(TlsMaterial.PROTOCOL);
        ssl.setEndpointIdentificationAlgorithm(null);
        // HTTP/2 forbids renegotiation and TLS 1.3 has none; no session tickets are needed between nodes either.
        ssl.setRenegotiationAllowed(false);
        return ssl;
    }

    /** The bound port. */
    public int boundPort() {
        return connector.getLocalPort();
    }

    /**
     * Drains: requests in flight get up to {@link TlsSettings.Limits#drainTimeout()} to finish while new ones are
     * answered 503 (10590, going offline) with {@code Connection: close}, so clients take them elsewhere; then stops
     * the connector, Jetty and the pools.
     */
    @Override
    public void close() {
        try {
            if (!dispatcher.drain(drainTimeout)) {
                LOG.warn(
                        "closing the TLS endpoint with {} requests still in flight after {} ms",
                        dispatcher.inFlight(),
                        drainTimeout.toMillis());
            }
            server.stop();
        } catch (Exception e) {
            LOG.warn("the TLS endpoint did not stop cleanly: {}", e.toString());
        } finally {
            WorkPools.stop(pools);
            dispatcher.meters.poolsClosed();
        }
    }

    /** Routes requests: identity, body read ahead without a thread, then the route's pool. */
    private static final class Dispatcher extends Handler.Abstract.NonBlocking {
        private final Routes routes;
        private final Map<String, ExecutorService> pools;
        private final FirstRequestDeadline deadline;
        private final int maxBody;
        private final long bodyTimeoutMillis;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Object idle = new Object();
        private volatile boolean draining;
        private final RateLimitedLog overloads = new RateLimitedLog(LOG, "requests refused with 503, pool full");
        private final RateLimitedLog forbidden =
                new RateLimitedLog(LOG, "requests refused with 403, the route does not admit the caller");
        private final RateLimitedLog slowBodies =
                new RateLimitedLog(LOG, "requests dropped whose body did not arrive in time");

        private final HttpMeters meters;

        Dispatcher(
                Routes routes,
                Map<String, ExecutorService> pools,
                FirstRequestDeadline deadline,
                TlsSettings s,
                HttpMeters meters) {
            this.meters = meters;
            this.routes = routes;
            this.pools = pools;
            this.deadline = deadline;
            this.maxBody = s.limits().maxRequestBytes();
            this.bodyTimeoutMillis = s.handshakeTimeout().toMillis();
        }

        @Override
        public boolean handle(Request request, Response response, Callback untracked) {
            inFlight.incrementAndGet();
            long started = System.nanoTime();
            Tracked callback = new Tracked(untracked, pool -> {
                meters.answered(pool, response.getStatus(), System.nanoTime() - started);
                finished();
            });
            if (draining) {
                meters.refused("draining");
                deadline.reached(request);
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                Answers.error(response, callback, 503, SsoError.GOING_OFFLINE, "This endpoint is shutting down.");
                return true;
            }
            String path = request.getHttpURI().getPath();
            String decoded = request.getHttpURI().getDecodedPath();
            Routes.Route route = routes.match(decoded == null ? "/" : decoded).orElse(null);
            if (route == null) {
                deadline.reached(request);
                Answers.error(response, callback, 404, SsoError.NOT_FOUND, "No endpoint at " + path);
                return true;
            }
            CertificateIdentity caller = Callers.of(request);
            deadline.reached(request);
            if (caller == null) {
                LOG.warn("refused a request to {}: the client certificate names no cluster identity", path);
                Answers.error(response, callback, 403, SsoError.ACCESS_DENIED, "a cluster certificate");
                return true;
            }
            if (!route.callers().permits(caller)) {
                // Before the body is read or a thread taken: a caller the route does not admit costs nothing more.
                meters.refused("forbidden");
                forbidden.record(path + " from " + caller.kind().label() + " " + caller.principal() + " (roles "
                        + caller.roles() + ")");
                Answers.error(
                        response,
                        callback,
                        403,
                        route.callers().refusal(),
                        route.callers().requirement(caller));
                return true;
            }
            int bodyLimit = route.bodyLimit(maxBody);
            if (request.getLength() > bodyLimit) {
                meters.refused("too_large");
                Answers.tooLarge(response, callback, bodyLimit);
                return true;
            }
            if (request.getLength() == 0
                    || (!request.getHeaders().contains(HttpHeader.CONTENT_LENGTH)
                            && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
                dispatch(route, request, response, callback, caller, NO_BODY); // a lookup: no body, no timer
            } else {
                readBody(route, request, response, callback, caller, path);
            }
            return true;
        }

        /**
         * Reads the body without holding a thread, then dispatches; answers 413 for a body over the limit and 408 (and
         * closes) for one not whole within the deadline. Whichever comes first settles the request.
         */
        private void readBody(
                Routes.Route route,
                Request request,
                Response response,
                Callback callback,
                CertificateIdentity caller,
                String path) {
            int bodyLimit = route.bodyLimit(maxBody);
            BodyRead.start(request, bodyLimit, bodyTimeoutMillis, new BodyRead.Outcome() {
                @Override
                public void body(byte[] bytes) {
                    dispatch(route, request, response, callback, caller, bytes);
                }

                @Override
                public void tooLarge() {
                    meters.refused("too_large");
                    Answers.tooLarge(response, callback, bodyLimit); // more than the limit, length undeclared
                }

                @Override
                public void timedOut() {
                    meters.refused("slow_body");
                    slowBodies.record(
                            path + " from " + request.getConnectionMetaData().getRemoteSocketAddress());
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    Answers.error(
                            response,
                            callback,
                            408,
                            SsoError.INVALID_ARGUMENT,
                            "The request body did not arrive in time.");
                }

                @Override
                public void failed(Throwable failure) {
                    callback.failed(failure);
                }
            });
        }

        private void dispatch(
                Routes.Route route,
                Request request,
                Response response,
                Callback callback,
                CertificateIdentity caller,
                byte[] body) {
            WorkPool pool = route.poolFor(request.getMethod());
            if (callback instanceof Tracked tracked) {
                tracked.pool = pool.name();
            }
            JettyExchange exchange = new JettyExchange(request, response, body);
            try {
                pools.get(pool.name()).execute(() -> run(route, exchange, caller, callback));
            } catch (RejectedExecutionException e) {
                exchange.wipe();
                meters.refused("busy");
                overloads.record(pool.name() + " pool, " + request.getHttpURI().getPath());
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                Answers.error(
                        response,
                        callback,
                        503,
                        SsoError.SERVER_BUSY,
                        "Every " + pool.name() + " thread is busy and " + pool.queue() + " requests are waiting.");
            }
        }

        private void finished() {
            if (inFlight.decrementAndGet() == 0 && draining) {
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        }

        int inFlight() {
            return inFlight.get();
        }

        /** Refuses new requests and waits up to {@code timeout} for those in flight; true when none is left. */
        boolean drain(Duration timeout) {
            draining = true;
            long deadlineNanos = System.nanoTime() + timeout.toNanos();
            synchronized (idle) {
                while (inFlight.get() > 0) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(idle, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
            return true;
        }

        private static void run(Routes.Route route, JettyExchange exchange, CertificateIdentity caller, Callback done) {
            String path = exchange.rawPath();
            try {
                route.handler().handle(exchange, caller);
                if (!exchange.answered()) {
                    LOG.error("the handler for {} returned without answering", path);
                    exchange.sendEmpty(500);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("the handler for {} failed", path, e);
                if (!exchange.answered()) {
                    exchange.sendEmpty(500);
                }
            } finally {
                exchange.wipe();
            }
            exchange.commit(done);
        }
    }

    /** A request's callback that also reports its end, whichever way it ends. */
    private static final class Tracked implements Callback {
        private final Callback callback;
        private final java.util.function.Consumer<String> finished;
        /** The pool that ran the handler; "none" for requests answered before one. */
        volatile String pool = "none";

        Tracked(Callback callback, java.util.function.Consumer<String> finished) {
            this.callback = callback;
            this.finished = finished;
        }

        @Override
        public void succeeded() {
            try {
                callback.succeeded();
            } finally {
                finished.accept(pool);
            }
        }

        @Override
        public void failed(Throwable failure) {
            try {
                callback.failed(failure);
            } finally {
                finished.accept(pool);
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return callback.getInvocationType();
        }
    }

    /** Bodies written on Jetty's threads without blocking: errors and overload answers. */
    static final class Answers {
        private Answers() {}

        static void error(Response response, Callback callback, int status, SsoError error, String detail) {
            byte[] json = JsonResponses.errorBody(error, detail);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
            response.write(true, ByteBuffer.wrap(json), callback);
        }

        static void tooLarge(Response response, Callback callback, int max) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            error(
                    response,
                    callback,
                    413,
                    SsoError.INVALID_ARGUMENT,
                    "The request body is larger than " + max + " bytes.");
        }
    }

    /** Jetty's own error answers (bad request line, headers too large, ...) as ENTSSO JSON instead of HTML. */
    private static final class JsonErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(
                Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            if (code >= 500 && cause instanceof java.io.IOException) {
                // The connection failed under the request (an EofException while a stopping node read its body: the
                // rolling restart of the issue 14 CI drill). Nothing is wrong with the request, and clients retry
                // only a 503; a write sent again keeps its request id, so it is applied once.
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "0");
                Answers.error(
                        response,
                        callback,
                        503,
                        SsoError.SERVER_BUSY,
                        "The connection failed while the request was served ("
                                + cause.getClass().getSimpleName() + "); send it again.");
                return;
            }
            String why = code == 400
                    ? "The request line or headers are not valid HTTP (framing, characters or percent-encoding): "
                            + (message == null ? "bad request" : message)
                    : "HTTP " + code + (message == null ? "" : ": " + message);
            Answers.error(response, callback, code, SsoError.INVALID_ARGUMENT, why + ".");
        }
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>(pools.keySet());
        return "JettyHttps[" + connector.getHost() + ":" + connector.getLocalPort() + ", pools " + names + "]";
    }
}
