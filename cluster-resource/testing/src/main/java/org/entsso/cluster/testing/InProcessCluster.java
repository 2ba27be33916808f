package org.entsso.cluster.testing;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.curator.test.TestingCluster;
import org.awaitility.Awaitility;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterNode;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupState;

/**
 * A real ZooKeeper ensemble ({@link TestingCluster}) with N cluster nodes in this JVM, a shared {@link ManualClock}
 * for the policy windows and {@link ScriptedResources} registered on every node. Closes in reverse order.
 */
public final class InProcessCluster implements Closeable {
    private final EmbeddedEnsemble ensemble;
    private final TestingCluster zookeeper;
    private final ClusterConnection connection;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final ScriptedResources scripted = new ScriptedResources();
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private final List<Consumer<ClusterNode.Builder>> customizers = new ArrayList<>();
    private final ClusterAdmin admin;

    private InProcessCluster(int zkServers, Duration sessionTimeout) throws Exception {
        ensemble = EmbeddedEnsemble.start(zkServers, EmbeddedEnsemble.DEFAULT_TICK_TIME);
        zookeeper = ensemble.servers();
        connection = ClusterConnection.of(zookeeper.getConnectString()).withSessionTimeout(sessionTimeout);
        admin = ClusterAdmin.connect(connection);
    }

    /** Starts a ZooKeeper ensemble of {@code zkServers} and the named nodes. */
    public static InProcessCluster start(int zkServers, String... nodeNames) throws Exception {
        InProcessCluster cluster = new InProcessCluster(zkServers, Timing.session());
        for (String name : nodeNames) {
            cluster.startNode(name);
        }
        return cluster;
    }

    public ClusterNode startNode(String name) {
        return startNode(name, b -> {});
    }

    /** Starts a node with extra settings, e.g. a resource type of its own. */
    public ClusterNode startNode(String name, Consumer<ClusterNode.Builder> customizer) {
        ClusterNode.Builder builder = ClusterNode.builder()
                .nodeName(name)
                .connection(connection)
                .clock(clock)
                .policyTick(Duration.ofMillis(100))
                .resourceType(scripted.type());
        customizers.forEach(c -> c.accept(builder));
        customizer.accept(builder);
        ClusterNode node = builder.build();
        node.start();
        nodes.put(name, node);
        return node;
    }

    public ClusterNode node(String name) {
        return nodes.get(name);
    }

    public void crash(String name) {
        Faults.crash(nodes.remove(name));
    }

    public void stopNode(String name) {
        nodes.remove(name).close();
    }

    public ClusterAdmin admin() {
        return admin;
    }

    public ManualClock clock() {
        return clock;
    }

    public Clock policyClock() {
        return clock;
    }

    public ScriptedResources scripted() {
        return scripted;
    }

    public EmbeddedEnsemble ensemble() {
        return ensemble;
    }

    public TestingCluster zookeeper() {
        return zookeeper;
    }

    public ClusterConnection connection() {
        return connection;
    }

    /** Waits until the group is {@code state} on {@code owner} (any owner when null). */
    public GroupInfo awaitGroup(String group, String owner, GroupState state) {
        GroupInfo[] last = new GroupInfo[1];
        Awaitility.await("group " + group + " " + state + " on " + owner)
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    last[0] = admin.group(group);
                    return last[0].state() == state && (owner == null || owner.equals(last[0].ownerNode()));
                });
        return last[0];
    }

    @Override
    public void close() throws IOException {
        List<ClusterNode> list = new ArrayList<>(nodes.values());
        java.util.Collections.reverse(list);
        list.forEach(ClusterNode::close);
        admin.close();
        ensemble.close();
    }
}
