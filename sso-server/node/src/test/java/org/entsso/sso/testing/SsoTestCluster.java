package org.entsso.sso.testing;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.testing.EmbeddedEnsemble;
import org.entsso.cluster.testing.Faults;
import org.entsso.cluster.testing.FreePorts;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.node.ClusterInit;
import org.entsso.sso.node.EntssoGroup;
import org.entsso.sso.node.NodeConfig;
import org.entsso.sso.node.NodeConfigFile;
import org.entsso.sso.node.SsoNode;
import org.entsso.sso.store.H2DatabaseServer;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;

/**
 * Whole SSO nodes in this JVM on real parts: a ZooKeeper ensemble of three quorum peers (tickTime 500 ms), an H2 TCP
 * server for the shared SSO database behind its TLS front ({@link H2DatabaseServer}, with a database certificate of
 * the cluster CA), and a cluster initialised by {@link ClusterInit} into a temporary folder (certificates,
 * node.properties, first secret and backup, first SSO administrator {@value #ADMIN}). Nodes are {@link SsoNode}s
 * built from their own node.properties, exactly as {@code ssod} builds them, so each reaches the database through its
 * own TLS tunnel. Closes in reverse.
 */
public final class SsoTestCluster implements Closeable {
    public static final String ADMIN = "LOCAL\\ssoadmin";
    public static final char[] BACKUP_PASSWORD = "correct horse battery staple".toCharArray();

    private final Path dir;
    private final EmbeddedEnsemble ensemble;
    private final H2DatabaseServer database;
    private final ClusterAdmin admin;
    private final ClusterInit.Result init;
    private final Map<String, SsoNode> nodes = new LinkedHashMap<>();
    /** A port per node for {@code metrics.port}, chosen with the API and MSS ports so that none collide. */
    private final Map<String, Integer> metricsPorts = new LinkedHashMap<>();

    private SsoTestCluster(Path dir, int nodeCount) throws IOException, SQLException {
        this.dir = dir;
        ensemble = EmbeddedEnsemble.start(3, EmbeddedEnsemble.DEFAULT_TICK_TIME);
        Path h2 = Files.createDirectories(dir.resolve("h2"));
        try (Connection ignored =
                DriverManager.getConnection(H2Urls.file(h2.resolve(H2Urls.DEFAULT_DATABASE)), "sa", "")) {
            // creates the database with the MSSQLServer-mode settings, as H2ServerLauncher does
        }
        Path clusterDir = dir.resolve("cluster");
        ClusterPki.createCa(clusterDir, "test");
        Path databaseDir = ClusterPki.issueDatabaseServer(clusterDir, "127.0.0.1");
        char[] pw = PasswordFiles.read(
                databaseDir.resolve(ClusterPki.DATABASE_KEY_STORE + ".pwd"), "database key store password file");
        TlsMaterial databaseTls;
        try {
            databaseTls = TlsMaterial.fromPkcs12(
                    databaseDir.resolve(ClusterPki.DATABASE_KEY_STORE), pw, databaseDir.resolve("ca.pem"));
        } finally {
            Arrays.fill(pw, '\0');
        }
        database = new H2DatabaseServer(new H2DatabaseServer.Options(h2, "127.0.0.1", 0, 0, Optional.of(databaseTls)));
        database.start();
        List<ClusterInit.NodePlan> plans = new ArrayList<>();
        int[] ports = FreePorts.distinct(3 * nodeCount); // API, MSS and metrics of each node, all different
        for (int i = 1; i <= nodeCount; i++) {
            plans.add(new ClusterInit.NodePlan(
                    "node" + i,
                    "127.0.0.1",
                    ports[3 * (i - 1)],
                    ports[3 * (i - 1) + 1],
                    EnumSet.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER)));
            metricsPorts.put("node" + i, ports[3 * (i - 1) + 2]);
        }
        init = ClusterInit.run(new ClusterInit.Plan(
                        clusterDir,
                        "test",
                        ensemble.connectString(),
                        Timing.session().toMillis() + "ms",
                        databaseUrl(),
                        plans,
                        ADMIN,
                        BACKUP_PASSWORD.clone(),
                        "the usual")
                // The embedded ensemble has no TLS (ZooKeeperTlsTest covers TLS): the explicit opt-out.
                .withPlaintextZooKeeper());
        admin = ClusterAdmin.connect(
                ClusterConnection.of(ensemble.connectString()).withClusterName("test"));
    }

    /** Initialises a cluster of {@code nodeCount} nodes under {@code dir} and starts every node. */
    public static SsoTestCluster start(Path dir, int nodeCount) throws Exception {
        SsoTestCluster cluster = initialise(dir, nodeCount);
        for (String name : cluster.init.nodeConfigs().keySet()) {
            cluster.startNode(name);
        }
        return cluster;
    }

    /**
     * Initialises a cluster of {@code nodeCount} nodes under {@code dir} whose nodes also serve {@code /metrics} on a
     * free loopback port each ({@code metrics.port}), and starts every node.
     */
    public static SsoTestCluster startWithMetrics(Path dir, int nodeCount) throws Exception {
        SsoTestCluster cluster = initialise(dir, nodeCount);
        for (Map.Entry<String, Path> node : cluster.init.nodeConfigs().entrySet()) {
            Files.writeString(
                    node.getValue(),
                    "metrics.port=" + cluster.metricsPorts.get(node.getKey()) + System.lineSeparator(),
                    StandardOpenOption.APPEND);
            cluster.startNode(node.getKey());
        }
        return cluster;
    }

    /** Initialises a cluster of {@code nodeCount} nodes under {@code dir} (ZooKeeper and H2 running), no node started. */
    public static SsoTestCluster initialise(Path dir, int nodeCount) throws Exception {
        return new SsoTestCluster(dir, nodeCount);
    }

    public SsoNode startNode(String name) {
        SsoNode node = SsoNode.start(config(name));
        nodes.put(name, node);
        return node;
    }

    public NodeConfig config(String name) {
        return NodeConfigFile.load(init.nodeConfigs().get(name));
    }

    /** Where {@code name} serves {@code /metrics} ({@link #startWithMetrics}). */
    public URI metricsEndpoint(String name) {
        NodeConfig config = config(name);
        int port = config.metricsPort()
                .orElseThrow(() -> new IllegalStateException(name + " has no metrics.port: use startWithMetrics"));
        return URI.create("http://" + config.metricsHost() + ":" + port);
    }

    public SsoNode node(String name) {
        return nodes.get(name);
    }

    /** A crash as the cluster sees it: the node's session is expired on the server and nothing is handed over. */
    public void crash(String name) {
        SsoNode node = nodes.remove(name);
        Faults.crash(node.clusterNode());
        node.close();
    }

    /** A clean stop (SIGTERM): the node leaves the cluster at once. */
    public void stop(String name) {
        nodes.remove(name).close();
    }

    /** The node that owns the ENTSSO group once it is Online. */
    public String awaitMasterSecretServer() {
        String[] owner = new String[1];
        Awaitility.await().atMost(Timing.forWaiting()).alias("ENTSSO online").until(() -> {
            GroupInfo g = admin.group(EntssoGroup.NAME);
            owner[0] = g.ownerNode();
            return g.state() == GroupState.Online;
        });
        return owner[0];
    }

    /** The ZooKeeper ensemble, for quorum loss ({@code kill} and {@code restart}). */
    public EmbeddedEnsemble ensemble() {
        return ensemble;
    }

    public ClusterAdmin admin() {
        return admin;
    }

    public String databaseUrl() {
        return database.url();
    }

    public String zooKeeperConnect() {
        return ensemble.connectString();
    }

    public ClusterInit.Result init() {
        return init;
    }

    /** The SSO administrator's TLS material (certificate written by initialisation). */
    public TlsMaterial administratorTls() {
        Path adminDir = dir.resolve("cluster").resolve("admin");
        char[] pw = PasswordFiles.read(adminDir.resolve("admin.p12.pwd"), "password file");
        return TlsMaterial.fromPkcs12(adminDir.resolve("admin.p12"), pw, adminDir.resolve("ca.pem"));
    }

    /**
     * A client certificate for {@code principal} ({@code DOMAIN\\user}), issued by the cluster's CA as an operator
     * would issue one to a person or a host instance.
     */
    public TlsMaterial clientTls(String principal) {
        org.entsso.sso.crypto.ClusterCa ca = org.entsso.sso.crypto.ClusterPki.loadCa(dir.resolve("cluster"));
        return TlsMaterial.of(ca.issueClient(principal), ca.certificate());
    }

    public Set<String> runningNodes() {
        return nodes.keySet();
    }

    @Override
    public void close() throws IOException {
        List<String> names = new ArrayList<>(nodes.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            nodes.remove(name).close();
        }
        admin.close();
        database.close();
        ensemble.close();
    }
}
