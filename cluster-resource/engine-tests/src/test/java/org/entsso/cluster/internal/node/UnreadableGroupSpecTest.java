package org.entsso.cluster.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.awaitility.Awaitility;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.internal.log.ClusterLog;
import org.entsso.cluster.internal.zk.Curators;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A group definition that cannot be read costs only its own group (issue 9 item 5): before, the first unreadable
 * definition aborted the whole refresh on every tick, silently, and the groups read after it were never reconciled.
 */
@Tag("zookeeper")
class UnreadableGroupSpecTest {
    private static final List<String> BAD = List.of("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8");

    private InProcessCluster cluster;
    private CuratorFramework raw;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(1, "node1");
        raw = Curators.connect(cluster.connection()); // the nodes' own namespace
    }

    @AfterEach
    void stop() throws Exception {
        raw.close();
        cluster.close();
    }

    @Test
    void whenSomeGroupDefinitionsAreUnreadable_thenEveryOtherGroupIsStillBroughtOnline() throws Exception {
        // Garbage JSON, a definition without a name and an invalid property: each one used to end the refresh.
        for (int i = 0; i < BAD.size(); i++) {
            String data = switch (i % 3) {
                case 0 -> "{not json";
                case 1 -> "{\"resources\":[]}";
                default -> "{\"name\":\"" + BAD.get(i) + "\",\"properties\":{\"NoSuchProperty\":\"1\"}}";
            };
            raw.create().forPath(ZkPaths.groupSpec(BAD.get(i)), data.getBytes(StandardCharsets.UTF_8));
        }
        // Several good groups: the cache's iteration order is a hash order, so with eight bad ones some good group
        // comes after a bad one whatever the order.
        // Written as the admin writes them, but beside the bad ones (the admin refuses to work on a cluster whose
        // definitions it cannot read, which is how a bad one is noticed; a hand edit or an older release is how one
        // gets there).
        for (String g : List.of("G1", "G2", "G3", "G4")) {
            GroupSpec spec = Specs.group(g, List.of("node1"), List.of(Specs.scripted("R" + g)));
            raw.create().forPath(ZkPaths.groupSpec(g), Json.write(Records.GroupSpecJson.of(spec)));
        }
        for (String g : List.of("G1", "G2", "G3", "G4")) {
            cluster.awaitGroup(g, "node1", GroupState.Online);
        }
        // Re-read on every 100 ms tick, but each bad definition is reported once, naming its group.
        Awaitility.await()
                .during(Timing.scaled(Duration.ofSeconds(1)))
                .atMost(Timing.shortWait())
                .until(() -> unreadableEvents() == BAD.size());
        assertThat(ClusterLog.read(new Zk(raw), "node1"))
                .filteredOn(e -> "GROUP_SPEC_UNREADABLE".equals(e.kind()))
                .extracting(e -> e.group())
                .containsExactlyInAnyOrderElementsOf(BAD);
    }

    private long unreadableEvents() {
        return ClusterLog.read(new Zk(raw), "node1").stream()
                .filter(e -> "GROUP_SPEC_UNREADABLE".equals(e.kind()))
                .count();
    }
}
