package org.entsso.cluster.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.awaitility.Awaitility;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterNode;
import org.entsso.cluster.ZkCredentials;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.testing.EmbeddedEnsemble;
import org.entsso.cluster.testing.Faults;
import org.entsso.cluster.testing.ScriptedResources;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** With credentials, cluster znodes are writable only by nodes, and a node re-authenticates on every new session. */
@Tag("zookeeper")
class ZooKeeperSecurityTest {
    private static final ZkCredentials NODES = new ZkCredentials("cluster-node", "s3cret-node-password");

    @Test
    void whenCredentialsAreConfigured_thenOnlyNodesWriteAndANewSessionReauthenticates() throws Exception {
        ScriptedResources scripted = new ScriptedResources();
        try (TestingServer zk = new TestingServer()) {
            EmbeddedEnsemble.keepJvmOnPeerFailure(); // the server's constructor set System.exit again
            ClusterConnection connection = ClusterConnection.of(zk.getConnectString())
                    .withSessionTimeout(Timing.session())
                    .withCredentials(NODES);
            ClusterNode node1 = node("node1", connection, scripted);
            ClusterNode node2 = node("node2", connection, scripted);
            try (ClusterAdmin admin = ClusterAdmin.connect(connection)) {
                admin.createGroup(Specs.group("G", List.of("node1", "node2"), List.of(Specs.scripted("R"))));
                awaitOnline(admin, "node1");

                try (CuratorFramework anonymous =
                        CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
                    anonymous.start();
                    String spec = "/entsso/cluster1/config/groups/G";
                    assertThat(new String(anonymous.getData().forPath(spec), StandardCharsets.UTF_8))
                            .contains("\"G\"");
                    assertThatThrownBy(() -> anonymous.setData().forPath(spec, "{}".getBytes(StandardCharsets.UTF_8)))
                            .isInstanceOf(KeeperException.NoAuthException.class);
                    assertThatThrownBy(() -> anonymous.delete().forPath("/entsso/cluster1/groups/G/epoch"))
                            .isInstanceOf(KeeperException.NoAuthException.class);
                }

                Faults.expireSession(node1); // the new session must authenticate again to write anything
                awaitOnline(admin, "node2");
                Awaitility.await()
                        .atMost(Timing.forWaiting())
                        .until(() -> admin.nodes().stream()
                                .anyMatch(n -> n.name().equals("node1") && n.state() == NodeState.Up));
                admin.moveGroup("G", Optional.of("node1"), Timing.forWaiting());
                awaitOnline(admin, "node1");
                assertThat(admin.toString()).doesNotContain(NODES.password());
                assertThat(connection.toString()).doesNotContain(NODES.password());
            } finally {
                node2.close();
                node1.close();
            }
        }
    }

    private static ClusterNode node(String name, ClusterConnection connection, ScriptedResources scripted) {
        ClusterNode node = ClusterNode.builder()
                .nodeName(name)
                .connection(connection)
                .policyTick(Duration.ofMillis(100))
                .resourceType(scripted.type())
                .build();
        node.start();
        return node;
    }

    private static void awaitOnline(ClusterAdmin admin, String owner) {
        Awaitility.await().atMost(Timing.forWaiting()).until(() -> {
            var g = admin.group("G");
            return g.state() == GroupState.Online && g.ownerNode().equals(owner);
        });
    }
}
