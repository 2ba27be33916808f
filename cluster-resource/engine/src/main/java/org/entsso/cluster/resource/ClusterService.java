package org.entsso.cluster.resource;

/**
 * A Java service object that a Generic Service resource starts inside the node process, found by its
 * {@code ServiceName} in the node's service registry. Implementations are created per online and need not be
 * thread-safe beyond {@link #stop} being callable from another thread.
 */
public interface ClusterService {
    /** Starts the service; blocks until it serves or throws. */
    void start(ResourceContext context);

    /** Stops the service; idempotent. */
    void stop();

    /** Whether the service is still running (the Service Controller's answer). */
    boolean isRunning();

    /** A deeper health check; defaults to {@link #isRunning()}. */
    default boolean isHealthy() {
        return isRunning();
    }
}
