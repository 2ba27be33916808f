package org.entsso.sso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.entsso.sso.node.EntssoGroup;
import org.entsso.sso.node.NodeConfig;
import org.entsso.sso.node.NodeConfigFile;
import org.entsso.sso.node.NodeEnrolment;
import org.entsso.sso.node.SsoNode;
import org.entsso.sso.testing.SsoTestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sso-init add-node} and {@code remove-node} against a running three-node cluster on a real ensemble and H2
 * server: a node added by the command line becomes a possible owner with a crypto checkpoint sealed by the master
 * secret server, starts from the node.properties the command wrote, and takes the master secret server over when the
 * three others are stopped; a stopped node is removed; refusals are one line with exit 1.
 */
@Tag("zookeeper")
class NodeOnboardingTest {
    @TempDir
    Path dir;

    private SsoTestCluster cluster;
    private SsoNode node4;

    @AfterEach
    void close() throws Exception {
        if (node4 != null) {
            node4.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ClientOnboardingTest.Run init(String... args) {
        return ClientOnboardingTest.init(args);
    }

    @Test
    void whenANodeIsAdded_thenItIsAPossibleOwnerAndTakesTheMasterSecretServerOverWhenTheOthersStop() throws Exception {
        cluster = SsoTestCluster.start(dir, 3);
        String owner = cluster.awaitMasterSecretServer();
        Path clusterDir = dir.resolve("cluster");

        ClientOnboardingTest.Run added = init("add-node", "--dir", clusterDir.toString(), "--node", "node4=127.0.0.1");

        assertThat(added.exit()).as(added.toString()).isZero();
        assertThat(added.out())
                .contains("is registered in the SSO database", "possible owner of the ENTSSO group")
                .contains("sealed its crypto checkpoint", "ssod --config");
        assertThat(NodeEnrolment.possibleOwners(cluster.admin())).containsExactly("node1", "node2", "node3", "node4");
        ClientOnboardingTest.Run again = init("add-node", "--dir", clusterDir.toString(), "--node", "node4=127.0.0.1");
        assertThat(again.exit()).as(again.toString()).isZero(); // idempotent: the same files, the same ports

        NodeConfig config = NodeConfigFile.load(clusterDir.resolve("node4").resolve("node.properties"));
        assertThat(config.possibleOwners()).containsExactly("node1", "node2", "node3", "node4");
        node4 = SsoNode.start(config);
        ClientOnboardingTest.Run running = init("remove-node", "--dir", clusterDir.toString(), "--node", "node4");
        ClientOnboardingTest.assertOneLine(running, 1, "sso-init remove-node: Node node4 is still running");
        ClientOnboardingTest.Run mss = init("remove-node", "--dir", clusterDir.toString(), "--node", owner);
        ClientOnboardingTest.assertOneLine(mss, 1, "sso-init remove-node: Node " + owner + " owns the ENTSSO group");

        for (String name : List.of("node1", "node2", "node3")) {
            if (!name.equals(owner)) {
                cluster.stop(name);
            }
        }
        cluster.stop(owner);

        assertThat(cluster.awaitMasterSecretServer()).isEqualTo("node4");
        SsoConfigCommandTest.Run status = SsoConfigCommandTest.run(
                "-status",
                "--config",
                clusterDir.resolve("admin").resolve("client.properties").toString(),
                "--endpoint",
                "https://127.0.0.1:" + config.mssPort());
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("Current MSID:");
    }

    @Test
    void whenAStoppedNodeIsRemoved_thenItIsNoLongerAPossibleOwnerAndItsCertificateIsRevoked() throws Exception {
        cluster = SsoTestCluster.start(dir, 3);
        cluster.awaitMasterSecretServer();
        String owner = cluster.awaitMasterSecretServer();
        String victim = owner.equals("node3") ? "node2" : "node3";
        cluster.stop(victim);
        Path clusterDir = dir.resolve("cluster");

        ClientOnboardingTest.Run removed = init("remove-node", "--dir", clusterDir.toString(), "--node", victim);

        assertThat(removed.exit()).as(removed.toString()).isZero();
        assertThat(removed.out())
                .contains("registration and node key were removed", "Revoked its certificate", "was removed");
        assertThat(NodeEnrolment.possibleOwners(cluster.admin()))
                .doesNotContain(victim)
                .hasSize(2);
        assertThat(cluster.admin().groupSpec(EntssoGroup.NAME).preferredOwners())
                .doesNotContain(victim);
        ClientOnboardingTest.Run again = init("remove-node", "--dir", clusterDir.toString(), "--node", victim);
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("not registered");

        ClientOnboardingTest.Run unknown = init("remove-node", "--dir", clusterDir.toString(), "--node", "node9");
        ClientOnboardingTest.assertOneLine(unknown, 1, "sso-init remove-node: Node node9 is unknown");
    }
}
