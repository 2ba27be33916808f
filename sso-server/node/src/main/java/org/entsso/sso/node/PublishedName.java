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
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterAdmin;

/**
 * The master secret server's published name as last seen by a ZooKeeper watch, so the health and status endpoints
 * answer from memory: a load balancer polling {@code /v1/sys/health} must get an answer while ZooKeeper has no quorum
 * (the SSO server is then "serving from cache", 474), not wait on a read.
 *
 * <p>A write held for the next master secret server ({@link #awaitOther}) does not trust the watch alone: it also
 * reads the name every {@link #READ_AGAIN} while it waits. An SSO server paused past its session timeout (SIGSTOP in
 * the drill) kept the endpoint it had seen before the pause until the name changed again, 12 s later in a drill, and
 * every write it held met a standby and failed with 10783. Thread-safe.
 */
final class PublishedName implements Supplier<Optional<Map<String, String>>>, Closeable {
    private static final Logger LOG = LogManager.getLogger(PublishedName.class);

    /** How often a held write reads the name itself while the watch has not shown another endpoint. */
    static final Duration READ_AGAIN = Duration.ofMillis(200);

    private final AtomicReference<Optional<Map<String, String>>> last = new AtomicReference<>(Optional.empty());
    private final ClusterAdmin admin;
    private final String networkName;
    private final Closeable watch;

    PublishedName(ClusterAdmin admin, String networkName) {
        this.admin = admin;
        this.networkName = networkName;
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
     * watch to see it, and reading the name at once and every {@link #READ_AGAIN} meanwhile (a write held while the
     * next master secret server comes online); empty if it did not in time. The first read is not delayed: when the
     * watch is stale, the endpoint a write just met as a standby may have been replaced long ago (issue 14: a node
     * paused past its session timeout sent a write to its own standby endpoint during a later move, and the write
     * waited 300 ms for a read that would have named the owner at once).
     */
    Optional<URI> awaitOther(Optional<URI> current, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        long readAt = System.nanoTime();
        while (true) {
            Optional<URI> now = endpoint();
            if (now.isPresent() && !now.equals(current)) {
                return now;
            }
            long t = System.nanoTime();
            if (t - end >= 0) {
                return Optional.empty();
            }
            if (t - readAt >= 0) {
                readAt = t + READ_AGAIN.toNanos();
                readAgain();
                continue;
            }
            synchronized (this) {
                if (endpoint().equals(now)) {
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(end - t, readAt - t));
                }
            }
        }
    }

    /**
     * Reads the name; takes the read when it names a later term than the watch has shown (a server that lags behind
     * may answer a read with older data than the watch had) and the watch has seen nothing since.
     */
    private void readAgain() {
        Optional<Map<String, String>> before = last.get();
        Optional<Map<String, String>> read;
        try {
            read = admin.resolveName(networkName);
        } catch (RuntimeException e) {
            return; // ZooKeeper unreachable now: the watch, or the next read, tells
        }
        if (epoch(read) > epoch(before) && last.compareAndSet(before, read)) {
            LOG.info(
                    "The watch of network name {} had not shown its latest data; read it directly: {}",
                    networkName,
                    read.map(m -> m.get("Endpoint")).orElse("(no endpoint)"));
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** The term the name was published in ({@code Epoch}); -1 when it says none. */
    private static long epoch(Optional<Map<String, String>> published) {
        try {
            return published.map(m -> m.get("Epoch")).map(Long::parseLong).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
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
