package org.entsso.sso.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Closeable;
import java.util.Objects;

/**
 * A node's metrics (sso-server/docs/metrics.md): one Prometheus registry with the JVM's own meters bound and the tag
 * {@code node} on every meter; components register theirs on {@link #registry()}. Meters carry names, counts and
 * times only, never a secret, an account or a value. Thread-safe.
 */
public final class NodeMetrics implements Closeable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** A registry for the node named {@code nodeName}, with JVM, GC, thread, class, CPU and uptime meters. */
    public NodeMetrics(String nodeName) {
        Objects.requireNonNull(nodeName, "nodeName");
        registry.config().commonTags("node", nodeName);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where components register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    @Override
    public String toString() {
        return "NodeMetrics[" + registry.getMeters().size() + " meters]";
    }
}
