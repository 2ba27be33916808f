package org.entsso.sso.metrics;

import java.io.Closeable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.entsso.sso.SsoError;
import org.entsso.sso.server.Health;
import org.entsso.sso.transport.internal.JsonResponses;

/**
 * The node's plain-HTTP endpoint for scrapers and load balancers, bound to {@code 127.0.0.1} unless configured
 * otherwise ({@code metrics.host}, {@code metrics.port}): {@code GET /metrics} answers every meter in the Prometheus
 * text format, {@code GET /v1/sys/health} the same health document and status as the API's (200, 429, 474 or 503), with no
 * certificate asked. Nothing secret is served here. Lifecycle: constructed -> {@link #start()} -> {@link #close()}
 * (idempotent). Thread-safe.
 */
public final class MetricsServer implements Closeable {
    /** The scrape path. */
    public static final String METRICS = "/metrics";

    /** The load balancer's health path. */
    public static final String HEALTH = "/v1/sys/health";

    private static final Logger LOG = LogManager.getLogger(MetricsServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final String host;

    /** An endpoint on {@code host}:{@code port} (0 for an ephemeral port) serving {@code metrics} and {@code health}. */
    public MetricsServer(String host, int port, NodeMetrics metrics, Supplier<Health> health) {
        this.host = Objects.requireNonNull(host, "host");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(health, "health");
        QueuedThreadPool threads = new QueuedThreadPool(6, 2);
        threads.setName("entsso-metrics-" + port);
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                boolean get = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
                if (METRICS.equals(path) && get) {
                    answer(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
                } else if (HEALTH.equals(path) && get) {
                    Health now = health.get();
                    answer(response, callback, now.status(), "application/json", now.toJson());
                } else if (METRICS.equals(path) || HEALTH.equals(path)) {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                    answer(
                            response,
                            callback,
                            405,
                            "application/json",
                            error(SsoError.INVALID_ARGUMENT, "Use GET on " + path + "."));
                } else {
                    answer(
                            response,
                            callback,
                            404,
                            "application/json",
                            error(SsoError.NOT_FOUND, "No endpoint at " + path));
                }
                return true;
            }
        });
    }

    private static String error(SsoError error, String detail) {
        return new String(JsonResponses.errorBody(error, detail), StandardCharsets.UTF_8);
    }

    private static void answer(Response response, Callback callback, int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** Binds and starts. Throws {@link UncheckedIOException} when the port is taken. */
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new UncheckedIOException(
                    "could not listen for metrics on " + host + ":" + connector.getPort(),
                    e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
        LOG.info("Metrics and health on {}", endpoint());
    }

    /** {@code http://host:port}, once started. */
    public URI endpoint() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the metrics endpoint did not stop cleanly: {}", e.toString());
        }
    }
}
