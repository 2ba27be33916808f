package org.entsso.cluster.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.testing.Specs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Group definitions written compare-and-set on a real ZooKeeper server (issue 9 item 8). Each test places a second
 * administrator's write exactly between the first one's checks and its write.
 */
@Tag("zookeeper")
class GroupCatalogTest {
    private TestingServer server;
    private CuratorFramework client;
    private ClusterView view;
    private GroupCatalog other;

    @BeforeEach
    void start() throws Exception {
        server = new TestingServer(true);
        client = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        client.start();
        view = new ClusterView(new Zk(client));
        other = new GroupCatalog(client, view);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    /** A catalog whose first write lets {@code interleaved} run after its checks and before its write. */
    private GroupCatalog racingWith(Runnable interleaved) {
        AtomicBoolean once = new AtomicBoolean();
        return new GroupCatalog(client, view, () -> {
            if (once.compareAndSet(false, true)) {
                interleaved.run();
            }
        });
    }

    private static GroupSpec group(String name, String resource) {
        return Specs.group(name, List.of(), List.of(Specs.scripted(resource)));
    }

    @Test
    void whenTwoGroupsTakeTheSameResourceNameAtOnce_thenOnlyTheFirstIsCreated() {
        GroupCatalog catalog = racingWith(() -> other.create(group("G2", "R")));

        assertThatThrownBy(() -> catalog.create(group("G1", "R")))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("'R' already exists in group 'G2'");
        assertThat(view.findSpec("G1")).isEmpty();
        assertThat(view.findSpec("G2")).isPresent();
    }

    @Test
    void whenTwoAdministratorsChangeAGroupAtOnce_thenNeitherChangeIsLost() {
        other.create(group("G", "R"));
        GroupCatalog catalog = racingWith(() -> other.update("G", s -> s.withPreferredOwners(List.of("node2"))));

        catalog.update("G", s -> s.withProperties(s.properties().with("FailoverThreshold", "7")));

        GroupSpec written = view.spec("G");
        assertThat(written.preferredOwners()).containsExactly("node2");
        assertThat(written.properties().asMap()).containsEntry("FailoverThreshold", "7");
    }

    @Test
    void whenAGroupOfThatNameExists_thenCreateReportsIt() {
        assertThat(other.create(group("G", "R"))).isTrue();
        assertThat(other.create(group("g", "S"))).isFalse();
    }
}
