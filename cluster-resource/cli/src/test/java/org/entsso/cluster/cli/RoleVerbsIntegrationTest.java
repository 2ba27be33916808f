package org.entsso.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.resource.ClusterService;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.types.GenericServiceType;
import org.entsso.cluster.testing.InProcessCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verbs that add and remove groups, resources and checkpoints, set owners, read parameters and write the cluster
 * log, against a running cluster: a real three-server ZooKeeper ensemble ({@code TestingCluster}) and two real nodes
 * that run a Generic Service, reached through {@code --zk} as an operator would.
 */
@Tag("zookeeper")
class RoleVerbsIntegrationTest {
    private static InProcessCluster cluster;

    /** The service behind the Generic Service resources: running between start and stop. */
    static final class EchoService implements ClusterService {
        private final AtomicBoolean running = new AtomicBoolean();

        @Override
        public void start(ResourceContext context) {
            running.set(true);
        }

        @Override
        public void stop() {
            running.set(false);
        }

        @Override
        public boolean isRunning() {
            return running.get();
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = InProcessCluster.start(3);
        for (String node : List.of("node1", "node2")) {
            cluster.startNode(node, b -> b.resourceType(new GenericServiceType(Map.of("EchoSvc", EchoService::new))));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private CommandRun run(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--zk", cluster.zookeeper().getConnectString(), "--zk-plaintext"));
        all.addAll(List.of(args));
        return CommandRun.of(env, ClusterAdmin::connect, all.toArray(String[]::new));
    }

    private CommandRun run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void aGroupAndItsResource_comeAndGo_withWsfcsRefusalsOnTheWay() {
        CommandRun added = run("group", "add", "Reports");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out().lines().toList())
                .last()
                .asString()
                .startsWith("Reports")
                .endsWith("Offline");

        CommandRun resource = run("resource", "add", "Cache", "--group", "Reports", "--type", "Scripted");
        assertThat(resource.code()).as(resource.err()).isZero();
        assertThat(resource.out().lines().toList()).last().isEqualTo("Cache Offline Reports Scripted");
        assertThat(run("resource", "add", "cache", "--group", "Reports", "--type", "Scripted")
                        .errorLine())
                .isEqualTo("cluster: A resource named 'Cache' already exists in group 'Reports'");

        assertThat(run("group", "start", "Reports", "--wait", "30").code()).isZero();
        cluster.awaitGroup("Reports", null, GroupState.Online);
        CommandRun onlineResource = run("resource", "remove", "Cache");
        assertThat(onlineResource.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(onlineResource.errorLine())
                .isEqualTo("cluster: Resource 'Cache' is Online; stop it before removing it");
        assertThat(run("group", "remove", "Reports").errorLine())
                .isEqualTo("cluster: Group 'Reports' is Online; stop it before removing it");

        assertThat(run("group", "stop", "Reports", "--wait", "30").code()).isZero();
        CommandRun withResources = run("group", "remove", "Reports");
        assertThat(withResources.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(withResources.errorLine())
                .isEqualTo("cluster: Group 'Reports' still has resources (Cache); remove them first, or remove the"
                        + " group with its resources");

        assertThat(run("resource", "remove", "Cache").code()).isZero();
        assertThat(run("group", "remove", "Reports").code()).isZero();
        assertThat(run("group", "get", "Reports").errorLine())
                .isEqualTo("cluster: The cluster group 'Reports' was not found.");
    }

    @Test
    void aGenericServiceRole_comesOnlineWithItsCheckpoints_andItsParametersAndCheckpointsCanBeRead() {
        CommandRun role = run(
                "group",
                "add-generic-service",
                "--service-name",
                "EchoSvc",
                "--name",
                "Echo",
                "--checkpoint-key",
                "software\\echo",
                "--wait",
                "30");
        assertThat(role.code()).as(role.err()).isZero();
        assertThat(role.out().lines().toList())
                .last()
                .asString()
                .startsWith("Echo")
                .endsWith("Online");

        assertThat(run("resource", "get-parameter", "EchoSvc").out().lines().toList())
                .last()
                .isEqualTo("EchoSvc ServiceName EchoSvc String");
        assertThat(run(
                                "checkpoint",
                                "add",
                                "EchoSvc",
                                "--crypto-name",
                                "EntSSO",
                                "--crypto-type",
                                "1",
                                "--crypto-key",
                                "Keys")
                        .code())
                .isZero();
        assertThat(run("checkpoint", "list", "EchoSvc").out().lines().toList())
                .containsExactly(
                        "Resource Name          Type Key",
                        "-------- ----          ---- ---",
                        "EchoSvc  software\\echo",
                        "EchoSvc  EntSSO        1    Keys");
        assertThat(run("checkpoint", "add", "EchoSvc", "--registry", "SOFTWARE\\ECHO")
                        .errorLine())
                .isEqualTo("cluster: Resource 'EchoSvc' already has the registry checkpoint 'SOFTWARE\\ECHO'");

        assertThat(run("checkpoint", "remove", "EchoSvc", "--name", "software\\echo")
                        .code())
                .isZero();
        assertThat(run("checkpoint", "remove", "EchoSvc", "--name", "software\\echo")
                        .errorLine())
                .isEqualTo("cluster: The cluster checkpoint 'software\\echo' of resource 'EchoSvc' was not found.");
        assertThat(cluster.admin().group("Echo").state()).isEqualTo(GroupState.Online);
    }

    @Test
    void owners_areSetAndReadBack_anUnknownNodeIsRefused() {
        run("group", "add", "Owned");
        run("resource", "add", "OwnedRes", "--group", "Owned", "--type", "Scripted");

        assertThat(run("group", "set-owners", "Owned", "node2", "node1").code()).isZero();
        assertThat(run("resource", "set-owners", "OwnedRes", "node2").code()).isZero();

        assertThat(run("group", "get-owners", "Owned").out().lines().toList())
                .last()
                .isEqualTo("Owned         {node2, node1}");
        assertThat(run("resource", "get-owners", "OwnedRes").out().lines().toList())
                .last()
                .isEqualTo("OwnedRes      {node2}");
        CommandRun unknown = run("resource", "set-owners", "OwnedRes", "node9");
        assertThat(unknown.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(unknown.errorLine()).isEqualTo("cluster: The cluster node 'node9' was not found.");
    }

    @Test
    void logDestination_writesEachNodesClusterLog_inTimeOrder(@TempDir Path dir) throws IOException {
        CommandRun r = run("log", "--destination", dir.toString());

        assertThat(r.code()).as(r.err()).isZero();
        for (String node : List.of("node1", "node2")) {
            List<String> lines = Files.readAllLines(dir.resolve(node + "_cluster.log"), StandardCharsets.UTF_8);
            assertThat(lines).isNotEmpty().allMatch(l -> l.contains(" " + node + " ") && l.contains("Z " + node));
            List<Instant> times = lines.stream()
                    .map(l -> Instant.parse(l.substring(0, l.indexOf(' '))))
                    .toList();
            assertThat(times).isSorted();
            assertThat(r.out()).contains(node + "_cluster.log");
        }

        CommandRun local = run(Map.of("TZ", "America/New_York"), "log", "--node", "node1", "--use-local-time");
        assertThat(local.out().lines().toList()).isNotEmpty().allMatch(l -> l.matches("\\S+-0[45]:00 node1 .*"));

        CommandRun future = run("log", "--since", "2999-01-01T00:00:00Z", "--destination", dir.toString());
        assertThat(future.code()).isZero();
        assertThat(dir.resolve("node1_cluster.log")).isEmptyFile();
    }
}
