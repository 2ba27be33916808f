package org.entsso.cluster.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.awaitility.Awaitility;
import org.entsso.cluster.internal.zk.Curators;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A watched network name follows its znode: created, changed, unreadable, deleted (what SSO servers act on). */
@Tag("zookeeper")
class WatchNameTest {
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
    void theListenerSeesEveryStateOfTheName() throws Exception {
        String path = ZkPaths.name("ENTSSO");
        raw.create().creatingParentsIfNeeded().forPath(path, bytes("{\"Endpoint\":\"https://a:1\",\"Epoch\":\"3\"}"));
        AtomicReference<Optional<Map<String, String>>> seen = new AtomicReference<>();
        try (Closeable watch = cluster.admin().watchName("ENTSSO", seen::set)) {
            awaitSeen(seen, Optional.of(Map.of("Endpoint", "https://a:1", "Epoch", "3")));
            raw.setData().forPath(path, bytes("{\"Endpoint\":\"https://b:2\",\"Epoch\":\"4\"}"));
            awaitSeen(seen, Optional.of(Map.of("Endpoint", "https://b:2", "Epoch", "4")));
            raw.setData().forPath(path, bytes("{not json"));
            awaitSeen(seen, Optional.empty());
            raw.setData().forPath(path, bytes("{\"Endpoint\":\"https://c:3\"}"));
            awaitSeen(seen, Optional.of(Map.of("Endpoint", "https://c:3")));
            raw.delete().forPath(path);
            awaitSeen(seen, Optional.empty());
        }
    }

    private static void awaitSeen(
            AtomicReference<Optional<Map<String, String>>> seen, Optional<Map<String, String>> want) {
        Awaitility.await().atMost(Timing.shortWait()).until(() -> want.equals(seen.get()));
        assertThat(seen.get()).isEqualTo(want);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
