package org.entsso.sso.node;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.entsso.cluster.ClusterAdmin;

/**
 * The master secret server's published name as last seen by a ZooKeeper watch, so the health and status endpoints
 * answer from memory: a load balancer polling {@code /v1/sys/health} must get an answer while ZooKeeper has no quorum
 * (the SSO server is then "serving from cache", 474), not wait on a read. Thread-safe.
 */
final class PublishedName implements Supplier<Optional<Map<String, String>>>, Closeable {
    private final AtomicReference<Optional<Map<String, String>>> last = new AtomicReference<>(Optional.empty());
    private final Closeable watch;

    PublishedName(ClusterAdmin admin, String networkName) {
        this.watch = admin.watchName(networkName, this::seen);
    }

    private void seen(Optional<Map<String, String>> published) {
        last.set(published);
        synchronized (this) {
            notifyAll();
        }
    }

    /**
     * The published endpoint once it is present and differs from {@code current}, waiting at most {@code max} for the
     * watch to see it (a write held while the next master secret server comes online); empty if it did not in time.
     */
    Optional<URI> awaitOther(Optional<URI> current, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        synchronized (this) {
            while (true) {
                Optional<URI> now = endpoint();
                if (now.isPresent() && !now.equals(current)) {
                    return now;
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** The endpoint in the name as last seen. */
    Optional<URI> endpoint() {
        return last.get()
                .map(m -> m.get("Endpoint"))
                .filter(e -> e != null && !e.isBlank())
                .map(URI::create);
    }

    @Override
    public Optional<Map<String, String>> get() {
        return last.get();
    }

    @Override
    public void close() throws IOException {
        watch.close();
    }
}
