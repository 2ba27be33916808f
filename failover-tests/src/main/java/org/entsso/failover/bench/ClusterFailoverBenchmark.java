package org.entsso.failover.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterNode;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.resource.ClusterService;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.testing.EmbeddedEnsemble;
import org.entsso.cluster.testing.Faults;

/**
 * Measures the cluster engine's failover times on an embedded three-server ZooKeeper ensemble (tickTime 500 ms) with
 * three in-process nodes and an MSS-shaped group (IP Address -> Network Name -> Generic Service):
 *
 * <ul>
 *   <li>owner lost: the owner's session is expired on the server side (what ZooKeeper does once a dead process's
 *       session timeout has run out) -> the group Online on another node;
 *   <li>planned move: {@code Move-ClusterGroup -Node} -> Online on the target.
 * </ul>
 *
 * <p>Run: {@code java -cp failover-tests/target/benchmarks.jar org.entsso.failover.bench.ClusterFailoverBenchmark
 * [repetitions] [sessionTimeoutMs]}. Not part of the test suite.
 */
public final class ClusterFailoverBenchmark {
    private ClusterFailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        Configurator.setRootLevel(Level.WARN);
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Duration session = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 4000);
        try (EmbeddedEnsemble zk = EmbeddedEnsemble.start()) {
            ClusterConnection connection =
                    ClusterConnection.of(zk.connectString()).withSessionTimeout(session);
            Map<String, ClusterNode> nodes = new LinkedHashMap<>();
            for (String name : List.of("node1", "node2", "node3")) {
                nodes.put(name, startNode(name, connection));
            }
            try (ClusterAdmin admin = ClusterAdmin.connect(connection)) {
                admin.createGroup(group());
                await(admin, g -> g.state() == GroupState.Online, Duration.ofSeconds(30));
                List<Double> lost = new ArrayList<>();
                for (int i = 0; i < reps; i++) {
                    lost.add(ownerLost(admin, nodes, connection));
                }
                List<Double> moves = new ArrayList<>();
                for (int i = 0; i < reps; i++) {
                    moves.add(plannedMove(admin));
                }
                System.out.printf(
                        "session timeout %d ms, tickTime 500 ms, %d repetitions each%n", session.toMillis(), reps);
                report("owner lost (server-side session expiry) -> Online elsewhere", lost);
                report("planned move -> Online on target", moves);
            } finally {
                List<ClusterNode> list = new ArrayList<>(nodes.values());
                Collections.reverse(list);
                list.forEach(ClusterNode::close);
            }
        }
    }

    private static double ownerLost(ClusterAdmin admin, Map<String, ClusterNode> nodes, ClusterConnection connection) {
        GroupInfo before = admin.group("ENTSSO");
        long start = System.nanoTime();
        Faults.crash(nodes.remove(before.ownerNode()));
        await(admin, g -> g.state() == GroupState.Online && g.epoch() > before.epoch(), Duration.ofSeconds(60));
        double ms = (System.nanoTime() - start) / 1e6;
        nodes.put(before.ownerNode(), startNode(before.ownerNode(), connection));
        awaitNodesUp(admin, Duration.ofSeconds(60));
        return ms;
    }

    private static double plannedMove(ClusterAdmin admin) {
        GroupInfo before = admin.group("ENTSSO");
        String target = admin.nodes().stream()
                .map(n -> n.name())
                .filter(n -> !n.equals(before.ownerNode()))
                .findFirst()
                .orElseThrow();
        long start = System.nanoTime();
        admin.moveGroup("ENTSSO", Optional.of(target), Duration.ZERO);
        await(admin, g -> g.state() == GroupState.Online && g.ownerNode().equals(target), Duration.ofSeconds(60));
        return (System.nanoTime() - start) / 1e6;
    }

    private static ClusterNode startNode(String name, ClusterConnection connection) {
        ClusterNode node = ClusterNode.builder()
                .nodeName(name)
                .connection(connection)
                .service("BenchService", BenchService::new)
                .build();
        node.start();
        return node;
    }

    private static GroupSpec group() {
        return GroupSpec.of(
                "ENTSSO",
                List.of("node1", "node2", "node3"),
                List.of(
                        ResourceSpec.of("SSO IP", "IP Address", Map.of("Address", "10.0.0.50")),
                        ResourceSpec.of("SSO Name", "Network Name", Map.of("Name", "ENTSSO-NN"))
                                .withDependencies("[SSO IP]"),
                        ResourceSpec.of("Bench Service", "Generic Service", Map.of("ServiceName", "BenchService"))
                                .withDependencies("[SSO Name]")));
    }

    private static void await(ClusterAdmin admin, java.util.function.Predicate<GroupInfo> condition, Duration max) {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (condition.test(admin.group("ENTSSO"))) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("Condition not reached within " + max + ": " + admin.group("ENTSSO"));
    }

    private static void awaitNodesUp(ClusterAdmin admin, Duration max) {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (admin.nodes().stream().allMatch(n -> n.state() == NodeState.Up)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("Nodes not Up within " + max);
    }

    private static void report(String what, List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        int p99 = (int) Math.ceil(0.99 * sorted.size()) - 1;
        System.out.printf(
                "%-60s min %7.1f ms  median %7.1f ms  p99 %7.1f ms  max %7.1f ms  (n=%d)%n",
                what, sorted.get(0), median, sorted.get(p99), sorted.get(sorted.size() - 1), sorted.size());
    }

    /** A service that is healthy while started: the Generic Service under measurement. */
    static final class BenchService implements ClusterService {
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
}
