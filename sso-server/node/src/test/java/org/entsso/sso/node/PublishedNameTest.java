package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.awaitility.Awaitility;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.internal.zk.Curators;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.testing.InProcessCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A write held for the next master secret server does not depend on the name's watch alone: with a watch that shows
 * nothing (as a paused SSO server's did after its session expired), the held write still finds the next endpoint by
 * reading the name, on a real ZooKeeper.
 */
@Tag("zookeeper")
class PublishedNameTest {
    private InProcessCluster cluster;
    private CuratorFramework raw;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(1, "node1");
        raw = Curators.connect(cluster.connection());
    }

    @AfterEach
    void stop() throws Exception {
        raw.close();
        cluster.close();
    }

    @Test
    void whenTheWatchShowsNothing_thenAHeldWriteReadsTheNextEndpointItself() throws Exception {
        String path = ZkPaths.name("ENTSSO");
        raw.create().creatingParentsIfNeeded().forPath(path, name("https://a:1", 3));
        try (PublishedName published = new PublishedName(deafWatch(cluster.admin()), "ENTSSO")) {
            CompletableFuture<Optional<URI>> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return published.awaitOther(Optional.of(URI.create("https://a:1")), Duration.ofSeconds(20));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            });
            // Only the held write's own read can show a:1: the watch tells nothing.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> published.endpoint().isPresent());
            assertThat(published.endpoint()).contains(URI.create("https://a:1"));
            assertThat(held).as("a:1 is the endpoint the write already tried").isNotDone();

            raw.setData().forPath(path, name("https://b:2", 4));

            assertThat(held.get(10, TimeUnit.SECONDS)).contains(URI.create("https://b:2"));
            assertThat(published.endpoint()).contains(URI.create("https://b:2"));
        }
    }

    private static byte[] name(String endpoint, long epoch) {
        return ("{\"Endpoint\":\"" + endpoint + "\",\"Epoch\":\"" + epoch + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code admin} whose name watch never tells anything; everything else is the real administrator's. */
    private static ClusterAdmin deafWatch(ClusterAdmin admin) {
        return (ClusterAdmin) Proxy.newProxyInstance(
                ClusterAdmin.class.getClassLoader(), new Class<?>[] {ClusterAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("watchName")) {
                        return (Closeable) () -> {};
                    }
                    try {
                        return method.invoke(admin, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
