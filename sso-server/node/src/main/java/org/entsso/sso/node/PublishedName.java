package org.entsso.sso.node;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
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
        this.watch = admin.watchName(networkName, last::set);
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
