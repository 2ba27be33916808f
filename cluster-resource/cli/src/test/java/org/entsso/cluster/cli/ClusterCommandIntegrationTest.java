package org.entsso.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.ScriptedResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The command line against a running cluster: a real three-server ZooKeeper ensemble ({@code TestingCluster}) and two
 * real nodes, reached through {@code --zk} as an operator would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("zookeeper")
class ClusterCommandIntegrationTest {
    private static InProcessCluster cluster;
    private String out;
    private String err;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = InProcessCluster.start(3, "node1", "node2");
        cluster.admin()
                .createGroup(GroupSpec.of(
                        "SSO",
                        List.of("node1", "node2"),
                        List.of(ResourceSpec.of("SSO Service", ScriptedResources.TYPE, Map.of()))));
        cluster.admin().startGroup("SSO", java.time.Duration.ZERO);
        cluster.awaitGroup("SSO", "node1", GroupState.Online);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private int run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--zk";
        all[1] = cluster.zookeeper().getConnectString();
        all[2] = "--zk-plaintext"; // curator-test's ensemble has no TLS
        System.arraycopy(args, 0, all, 3, args.length);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = ClusterCommand.run(
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8),
                Map.of(),
                ClusterAdmin::connect,
                all);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    @Order(1)
    void lists_showTheRunningCluster() {
        assertThat(run("group", "list")).as(err).isZero();
        assertThat(out.lines().toList())
                .containsExactly("Name OwnerNode State", "---- --------- -----", "SSO  node1     Online");

        assertThat(run("node", "list")).as(err).isZero();
        assertThat(out.lines().toList())
                .containsExactly("Name  ID State", "----  -- -----", "node1 1  Up", "node2 2  Up");

        assertThat(run("resource", "list")).as(err).isZero();
        assertThat(out.lines().toList()).contains("SSO Service Online SSO   Scripted");
    }

    @Test
    @Order(2)
    void moveToANode_returnsTheGroupOnlineThere() {
        assertThat(run("group", "move", "SSO", "--node", "node2", "--wait", "30"))
                .as(err)
                .isZero();

        assertThat(out.lines().toList()).last().isEqualTo("SSO  node2     Online");
    }

    @Test
    @Order(3)
    void properties_roundTrip() {
        assertThat(run("group", "set-property", "SSO", "FailoverThreshold", "7"))
                .as(err)
                .isZero();
        assertThat(run("group", "get-property", "SSO", "FailoverThreshold"))
                .as(err)
                .isZero();
        assertThat(out.strip()).isEqualTo("7");

        assertThat(run("resource", "get-property", "SSO Service")).as(err).isZero();
        assertThat(out).contains("RestartThreshold");
    }

    @Test
    @Order(4)
    void pauseWithDrain_thenResumeWithFailback() {
        assertThat(run("node", "pause", "node2", "--drain", "--wait", "30"))
                .as(err)
                .isZero();
        assertThat(out.lines().toList()).last().isEqualTo("node2 Paused");
        cluster.awaitGroup("SSO", "node1", GroupState.Online);

        assertThat(run("node", "resume", "node2", "--failback", "NoFailback"))
                .as(err)
                .isZero();
        assertThat(out.lines().toList()).last().isEqualTo("node2 Up");
    }

    @Test
    @Order(5)
    void log_printsClusterLogLines() {
        assertThat(run("log", "--node", "node1", "--timespan", "60")).as(err).isZero();

        assertThat(out.lines().toList()).isNotEmpty().allMatch(line -> line.contains(" node1 "));
        assertThat(out).contains("[NM]").contains("[RCM]");
    }

    @Test
    void unknownNames_exit1WithOneLine() {
        assertThat(run("group", "get", "Nope")).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(err.lines().toList()).containsExactly("cluster: The cluster group 'Nope' was not found.");

        assertThat(run("resource", "fail", "Nope")).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(err.lines().toList()).singleElement().asString().contains("Nope");

        assertThat(run("node", "pause", "node9")).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(err.lines().toList()).singleElement().asString().contains("node9");
    }

    @Test
    void refusedValue_exits1WithOneLine() {
        assertThat(run("group", "set-property", "SSO", "FailoverPeriod", "0")).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(err.lines().toList()).singleElement().asString().contains("FailoverPeriod");
    }

    @Test
    void unreachableZooKeeper_exits3() {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = ClusterCommand.run(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8),
                Map.of(),
                ClusterAdmin::connect,
                "--zk",
                "127.0.0.1:1",
                "--zk-plaintext",
                "--connect-timeout",
                "2",
                "group",
                "list");

        assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(e.toString(StandardCharsets.UTF_8).lines().toList())
                .singleElement()
                .asString()
                .startsWith("cluster: ZooKeeper at 127.0.0.1:1 could not be reached");
    }
}
