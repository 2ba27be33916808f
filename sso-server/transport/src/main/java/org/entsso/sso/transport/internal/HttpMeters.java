package org.entsso.sso.transport.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one HTTPS server (sso-server/docs/metrics.md): requests by pool and status with their latency, requests
 * refused before a handler by reason, connections dropped by the first-request deadline, and each pool's busy threads
 * and queue. Tags name servers, pools, statuses and reasons only. {@link #NONE} when the server is not instrumented.
 * Thread-safe.
 */
public class HttpMeters {
    /** Records nothing. */
    public static final HttpMeters NONE = new HttpMeters();

    private HttpMeters() {}

    /** Meters on {@code registry}, tagged {@code server=<server>}. */
    public static HttpMeters on(MeterRegistry registry, String server) {
        return new Registered(registry, server);
    }

    /** A request answered {@code status} after {@code nanos}, handled on {@code pool} ("none" before a pool). */
    void answered(String pool, int status, long nanos) {}

    /** A request answered before any handler ran: busy, draining, forbidden, too_large, slow_body. */
    void refused(String reason) {}

    /** A connection closed because it brought no request in time. */
    void dropped() {}

    /** Gauges of the pools' busy threads and queues. */
    void pools(Map<String, ExecutorService> pools) {}

    /**
     * Removes the pools' gauges: the server's pools are gone. A server started again on the same registry (the master
     * secret server, once per ownership term) registers gauges of its new pools; its counters and timers carry on.
     */
    void poolsClosed() {}

    private static final class Registered extends HttpMeters {
        private final MeterRegistry registry;
        private final String server;
        private final Counter dropped;
        private final Map<String, Timer> timers = new ConcurrentHashMap<>();
        private final List<Gauge> poolGauges = new CopyOnWriteArrayList<>();

        Registered(MeterRegistry registry, String server) {
            this.registry = registry;
            this.server = server;
            this.dropped = Counter.builder("entsso.http.connections.dropped")
                    .description("Connections closed because no request reached a handler within the handshake timeout")
                    .tag("server", server)
                    .register(registry);
        }

        @Override
        void answered(String pool, int status, long nanos) {
            timers.computeIfAbsent(pool + ' ' + status, k -> timer(pool, status))
                    .record(nanos, TimeUnit.NANOSECONDS);
        }

        private Timer timer(String pool, int status) {
            return Timer.builder("entsso.http.requests")
                    .description("HTTPS requests by work pool and status, from the dispatcher to the answer written")
                    .tags("server", server, "pool", pool, "status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry);
        }

        @Override
        void refused(String reason) {
            Counter.builder("entsso.http.refused")
                    .description(
                            "Requests answered before any handler (busy, draining, forbidden, too_large, slow_body) and"
                                    + " connections closed before their handshake (handshake_rate)")
                    .tags("server", server, "reason", reason)
                    .register(registry)
                    .increment();
        }

        @Override
        void dropped() {
            dropped.increment();
        }

        @Override
        void pools(Map<String, ExecutorService> pools) {
            pools.forEach((name, executor) -> {
                if (executor instanceof ThreadPoolExecutor tpe) {
                    poolGauges.add(Gauge.builder("entsso.http.pool.active", tpe, ThreadPoolExecutor::getActiveCount)
                            .description("Handler threads of the pool busy now")
                            .tags("server", server, "pool", name)
                            .register(registry));
                    poolGauges.add(Gauge.builder(
                                    "entsso.http.pool.queued",
                                    tpe,
                                    e -> e.getQueue().size())
                            .description("Requests waiting for a thread of the pool")
                            .tags("server", server, "pool", name)
                            .register(registry));
                }
            });
        }

        @Override
        void poolsClosed() {
            for (Gauge gauge : poolGauges) {
                registry.remove(gauge);
            }
            poolGauges.clear();
        }
    }
}
