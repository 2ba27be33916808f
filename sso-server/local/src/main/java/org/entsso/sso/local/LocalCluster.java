package org.entsso.sso.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ZkTls;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.node.ClusterInit;
import org.entsso.sso.store.H2ServerLauncher;
import org.entsso.sso.tls.NodeRole;

/**
 * The local embedded default of DESIGN.md: on 127.0.0.1, a three-server ZooKeeper ensemble ({@link LocalEnsemble}:
 * real {@code QuorumPeerMain} processes, tickTime 500 ms, TLS only with client certificates from the cluster CA), an
 * H2 TCP server process for the SSO database, and {@code n} node processes ({@code ssod}), each with its own
 * configuration, data folder and ports, all under one folder that {@link #down()} leaves for inspection. {@link #up()}
 * initialises the cluster the first time (CA, certificates, first secret and its backup, first SSO administrator)
 * before it starts ZooKeeper, whose servers need their certificates. The H2 database's login {@code sa} has a generated
 * password in the owner-only {@link #databasePasswordFile()}, which every node's {@code database.passwordFile} names.
 *
 * <p>Nodes reach the database over TLS (DESIGN.md decision 13): the H2 server process serves it through a TLS front
 * with the database certificate the cluster CA issues into {@code cluster/database/} (before the database is first
 * prepared, so the CA is created first), and each node carries its connections through its own TLS tunnel with its
 * node certificate. H2's own plaintext port is bound to 127.0.0.1 ({@code -Dh2.bindAddress}).
 *
 * <p>Ports from {@link Options#basePort()} = b: ZooKeeper clients b+1..b+3 (TLS; quorum b+11.., election b+21..), the
 * database's TLS port b+30 (H2's own, loopback only, b+31), node APIs b+41.., Master Secret Services b+51... Not
 * thread-safe; one instance drives one folder.
 */
public final class LocalCluster {
    private static final Pattern NODE_UP = Pattern.compile("ssod: \\S+ up; API (\\S+)");
    private static final Pattern H2_URL = Pattern.compile("^(jdbc:h2:tcp:\\S+)");
    private static final String CLUSTER_NAME = "local";

    /**
     * How long a node may take to report itself up, and the H2 server to print its URL. Generous because a start
     * includes the first TLS handshakes of a cold JVM (the node's database tunnel checks its way at start; the H2
     * process loads its certificate): three nodes starting at once on two shared, loaded cores were seen to need more
     * than 90 s. A process that exits is reported at once, not after these.
     */
    private static final Duration NODE_START = Duration.ofSeconds(180);

    private static final Duration DATABASE_START = Duration.ofSeconds(60);
    private static final String DATABASE_HOST = "127.0.0.1";

    /**
     * @param dir the folder everything lives in
     * @param basePort the first of the port block
     * @param nodes how many node processes (each may run the Master Secret Service)
     * @param sessionTimeout the nodes' ZooKeeper session timeout
     * @param nodeJvmOptions JVM options of the node processes
     */
    public record Options(Path dir, int basePort, int nodes, Duration sessionTimeout, List<String> nodeJvmOptions) {
        public Options {
            Objects.requireNonNull(dir, "dir");
            if (nodes < 1 || nodes > 9) {
                throw new IllegalArgumentException("A local cluster has 1 to 9 nodes, not " + nodes);
            }
            if (basePort < 1024 || basePort + 60 > 65535) {
                throw new IllegalArgumentException("The base port must leave room for 60 ports above it: " + basePort);
            }
            nodeJvmOptions = List.copyOf(nodeJvmOptions);
        }

        /** Three nodes on ports from 17000, session timeout 4 s, under {@code dir}, with {@link #DEFAULT_JVM}. */
        public static Options defaults(Path dir) {
            return new Options(dir, 17000, 3, Duration.ofSeconds(4), DEFAULT_JVM);
        }
    }

    private final Options options;
    private final Path dir;
    private final LocalProcesses processes;
    private final LocalEnsemble ensemble;

    /** Keys every node.properties gets on {@link #up()}, beyond those the cluster writes itself. */
    private final Map<String, String> nodeProperties = new LinkedHashMap<>();

    public LocalCluster(Options options) {
        this.options = options;
        this.dir = options.dir().toAbsolutePath();
        this.processes = new LocalProcesses(dir);
        this.ensemble =
                new LocalEnsemble(dir.resolve("zk"), clusterDir().resolve("zookeeper"), options.basePort(), processes);
    }

    /**
     * Sets {@code key} to {@code value} in every node's node.properties on the next {@link #up()} (a benchmark's
     * setting, such as {@code tls.handshakesPerSecondPerSource}). Returns this.
     */
    public LocalCluster nodeProperty(String key, String value) {
        nodeProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Starts whatever is not running yet, initialising the cluster first if needed; returns once nodes are up. */
    public void up() {
        if (!Files.exists(clusterDir().resolve("ca"))) {
            ClusterPki.createCa(clusterDir(), CLUSTER_NAME);
        }
        if (!Files.exists(databaseKeyStore())) { // a new folder, or one written before the database had TLS
            ClusterPki.issueDatabaseServer(clusterDir(), DATABASE_HOST);
        }
        String url = startDatabase();
        if (!Files.exists(adminClientConfig())) {
            initialise(url);
        } else {
            for (String node : nodeNames()) {
                addDatabasePasswordFile(nodeConfig(node), databasePasswordFile());
            }
            ensemble.ensureCertificates(clusterDir().resolve("ca"));
            addClientServers(
                    adminClientConfig(),
                    nodeNames().stream().map(this::apiEndpoint).toList());
        }
        ensemble.start();
        for (String node : nodeNames()) {
            addMetricsPort(nodeConfig(node), metricsPort(node));
            setSessionTimeout(nodeConfig(node), options.sessionTimeout());
            nodeProperties.forEach((key, value) -> setProperty(nodeConfig(node), key, value));
        }
        // Started together, awaited together: each JVM spends most of its start-up alone (class loading, Hibernate).
        List<String> started = new ArrayList<>();
        for (String node : nodeNames()) {
            if (processes.find(node).isEmpty()) {
                launchNode(node);
                started.add(node);
            }
        }
        for (String node : started) {
            awaitNode(node);
        }
    }

    /** Stops nodes (SIGTERM: each leaves the cluster at once), then the database, then ZooKeeper. Keeps the folder. */
    public void down() {
        List<String> nodes = new ArrayList<>(nodeNames());
        java.util.Collections.reverse(nodes);
        for (String node : nodes) {
            processes.stop(node, Duration.ofSeconds(20));
        }
        processes.stop("h2", Duration.ofSeconds(10));
        ensemble.stop();
    }

    /** Every process of the cluster, by name, with its pid when running. */
    public Map<String, Optional<Long>> status() {
        Map<String, Optional<Long>> status = new LinkedHashMap<>();
        for (int i = 1; i <= LocalEnsemble.SERVERS; i++) {
            status.put("zk" + i, processes.find("zk" + i).map(ProcessHandle::pid));
        }
        status.put("h2", processes.find("h2").map(ProcessHandle::pid));
        for (String node : nodeNames()) {
            status.put(node, processes.find(node).map(ProcessHandle::pid));
        }
        return status;
    }

    /** Starts one node process and waits until it reports its API up. */
    public String startNode(String node) {
        launchNode(node);
        return awaitNode(node);
    }

    private void launchNode(String node) {
        Path out = clusterDir().resolve(node).resolve("ssod.out");
        try {
            Files.deleteIfExists(out); // the ready line of an earlier run must not count
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        processes.start(
                node,
                out,
                nodeJvmOptions(options.nodeJvmOptions(), gcLog(node)),
                "org.entsso.sso.node.SsoDaemon",
                List.of("--config", nodeConfig(node).toString()));
    }

    private String awaitNode(String node) {
        Path out = clusterDir().resolve(node).resolve("ssod.out");
        return processes.awaitLine(node, out, NODE_UP, NODE_START);
    }

    /**
     * The default profile's node JVM: a small heap, the Serial collector, and the C1 compiler only
     * ({@code -XX:TieredStopAtLevel=1}). Three nodes, ZooKeeper, H2 and the load share two cores here, and C2's
     * compilations competed with the first minute's requests for them. C1 alone compiles a node's hot paths within
     * seconds. In a 10-round move and drain drill the writes' median fell from 40 to 31 ms and every move after the
     * first paused at most 342 ms, against 237-476 ms (issue 14). A node's work waits on the network and the database,
     * so C2's faster code did not pay for its compilations.
     */
    public static final List<String> DEFAULT_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /**
     * Where class metadata first triggers a collection. The JVM's default (about 21 MB) made every node run three full
     * collections in its first 15 s as it loaded its classes, 50-830 ms each with the Serial collector, stopping the
     * world: a planned move to a node started half a minute before paused writes through one of them (issue 14). A
     * node's class metadata stays well under this, so it triggers none. ops/bin/ssod sets the same by default.
     */
    static final String METASPACE_SIZE = "-XX:MetaspaceSize=128m";

    /** A node's GC log ({@code -Xlog:gc,gc+phases}: every pause with its length, ZGC's too), which the soak reads. */
    public Path gcLog(String node) {
        return clusterDir().resolve(node).resolve("logs").resolve("gc.log");
    }

    /**
     * A node's JVM options: {@code options}, its GC log, and {@link #METASPACE_SIZE} unless {@code options} set it.
     */
    private static List<String> nodeJvmOptions(List<String> options, Path log) {
        List<String> all = new ArrayList<>(options);
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (all.stream().noneMatch(o -> o.startsWith("-XX:MetaspaceSize="))) {
            all.add(METASPACE_SIZE);
        }
        all.add("-Xlog:gc,gc+phases:file=" + log + ":time,uptime:filecount=2,filesize=10m");
        return all;
    }

    /** SIGKILL: the node dies with no chance to leave the cluster. */
    public void kill(String node) {
        processes.kill(node);
    }

    /** SIGTERM and wait: the node leaves the cluster cleanly. */
    public boolean stop(String node) {
        return processes.stop(node, Duration.ofSeconds(20));
    }

    /** SIGSTOP: the process freezes (a long GC pause, a hung VM) with its sockets open. */
    public void pause(String node) {
        processes.signal(node, "STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume(String node) {
        processes.signal(node, "CONT");
    }

    /** SIGKILL of ZooKeeper server {@code zk<i>}. */
    void killZooKeeper(int i) {
        processes.kill("zk" + i);
    }

    /** SIGTERM of ZooKeeper server {@code zk<i>}, waiting for it to exit. */
    void stopZooKeeper(int i) {
        processes.stop("zk" + i, Duration.ofSeconds(10));
    }

    /** Starts the ZooKeeper servers that are not running. */
    void startZooKeeper() {
        ensemble.start();
    }

    /** The client ports of the ZooKeeper servers, {@code zk1} first. */
    List<Integer> zooKeeperPorts() {
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= LocalEnsemble.SERVERS; i++) {
            ports.add(options.basePort() + i);
        }
        return ports;
    }

    /** Stops the database server process (SIGTERM, waiting for it to exit): a database outage. */
    void stopDatabase() {
        processes.stop("h2", Duration.ofSeconds(10));
    }

    /** Starts the database server process again after {@link #stopDatabase()}; returns once it listens. */
    void restartDatabase() {
        startDatabase();
    }

    /** The cluster's processes, for drill processes that live beside them (the election reference). */
    LocalProcesses processes() {
        return processes;
    }

    /** The nodes' ZooKeeper session timeout. */
    public Duration sessionTimeout() {
        return options.sessionTimeout();
    }

    /** The pid of a running process of the cluster. */
    public Optional<ProcessHandle> process(String name) {
        return processes.find(name);
    }

    /** {@code node1}, {@code node2}, ... */
    public List<String> nodeNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= options.nodes(); i++) {
            names.add("node" + i);
        }
        return names;
    }

    /** The ZooKeeper connect string (TLS ports). */
    public String zooKeeperConnect() {
        return ensemble.connectString();
    }

    /** The SSO administrator's {@code client.properties}. */
    public Path adminClientConfig() {
        return clusterDir().resolve("admin").resolve("client.properties");
    }

    /** The SSO administrator's TLS files for ZooKeeper: admin.p12, its password file, the CA certificate. */
    public ZkTls adminZooKeeperTls() {
        Path admin = clusterDir().resolve("admin");
        return ZkTls.of(admin.resolve("admin.p12"), admin.resolve("admin.p12.pwd"), admin.resolve("ca.pem"));
    }

    /** The cluster {@code local} in this ensemble, over TLS as the SSO administrator. */
    public ClusterConnection adminConnection() {
        return ClusterConnection.of(zooKeeperConnect())
                .withClusterName(CLUSTER_NAME)
                .withTls(adminZooKeeperTls());
    }

    /** A node's {@code node.properties}. */
    public Path nodeConfig(String node) {
        return clusterDir().resolve(node).resolve("node.properties");
    }

    /** The backup password file written at initialisation (owner-only). */
    public Path backupPasswordFile() {
        return dir.resolve("backup.pwd");
    }

    /**
     * The owner-only file with the password of the H2 database's admin login {@code sa}, {@code <dir>/h2/db-password},
     * generated by the H2 server process on the first {@link #up()}; every node's {@code database.passwordFile}.
     */
    public Path databasePasswordFile() {
        return H2ServerLauncher.passwordFile(dir.resolve("h2"));
    }

    /** The folder the cluster's configuration, keys and logs live in. */
    public Path clusterDir() {
        return dir.resolve("cluster");
    }

    private Path databaseKeyStore() {
        return clusterDir().resolve(ClusterPki.DATABASE_DIR).resolve(ClusterPki.DATABASE_KEY_STORE);
    }

    private String startDatabase() {
        Path h2Dir = dir.resolve("h2");
        Path out = h2Dir.resolve("h2.out");
        if (processes.find("h2").isEmpty()) {
            try {
                Files.createDirectories(h2Dir);
                if (h2Dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    // owner-only before h2.out is created in it; the server process also restricts its files
                    Files.setPosixFilePermissions(h2Dir, PosixFilePermissions.fromString("rwx------"));
                }
                Files.deleteIfExists(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path keyStore = databaseKeyStore();
            processes.start(
                    "h2",
                    out,
                    List.of(
                            "-Xmx256m",
                            "-XX:+UseSerialGC",
                            "-D" + H2ServerLauncher.BIND_ADDRESS_PROPERTY + "=" + DATABASE_HOST),
                    H2ServerLauncher.class.getName(),
                    List.of(
                            Integer.toString(options.basePort() + 30),
                            h2Dir.toString(),
                            "--host",
                            DATABASE_HOST,
                            "--h2-port",
                            Integer.toString(options.basePort() + 31),
                            "--key-store",
                            keyStore.toString(),
                            "--key-store-password-file",
                            keyStore.resolveSibling(ClusterPki.DATABASE_KEY_STORE + ".pwd")
                                    .toString(),
                            "--trust-store",
                            keyStore.resolveSibling("ca.pem").toString()));
        }
        return processes.awaitLine("h2", out, H2_URL, DATABASE_START);
    }

    private void initialise(String databaseUrl) {
        Path passwordFile = backupPasswordFile();
        if (!Files.exists(passwordFile)) {
            PasswordFiles.generate(passwordFile);
        }
        List<ClusterInit.NodePlan> plans = new ArrayList<>();
        int b = options.basePort();
        for (int i = 1; i <= options.nodes(); i++) {
            plans.add(new ClusterInit.NodePlan(
                    "node" + i,
                    "127.0.0.1",
                    apiPort(i),
                    b + 50 + i,
                    EnumSet.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER)));
        }
        char[] password = PasswordFiles.read(passwordFile, "backup password file");
        try {
            ClusterInit.run(new ClusterInit.Plan(
                    clusterDir(),
                    CLUSTER_NAME,
                    zooKeeperConnect(),
                    options.sessionTimeout().toMillis() + "ms",
                    databaseUrl,
                    plans,
                    "LOCAL\\ssoadmin",
                    password,
                    "local cluster: see " + passwordFile,
                    H2ServerLauncher.USER,
                    databasePasswordFile(),
                    true,
                    false));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * A node.properties written before the H2 database had a password (an older local cluster folder: the server
     * process has just given the database the generated password) gets {@code database.user} and
     * {@code database.passwordFile}, so that the node can still log in. Nothing changes when it has a password file.
     */
    static void addDatabasePasswordFile(Path config, Path passwordFile) {
        if (!Files.exists(config) || !Files.exists(passwordFile)) {
            return; // no node, or a database server of an older version still running (it has no password yet)
        }
        try {
            String text = Files.readString(config, StandardCharsets.UTF_8);
            if (text.lines().anyMatch(l -> l.startsWith("database.passwordFile="))) {
                return;
            }
            StringBuilder added = new StringBuilder();
            if (text.lines().noneMatch(l -> l.startsWith("database.user="))) {
                added.append("database.user=").append(H2ServerLauncher.USER).append('\n');
            }
            added.append("database.passwordFile=")
                    .append(passwordFile.toString().replace("\\", "\\\\"))
                    .append('\n');
            Files.writeString(
                    config,
                    (text.isEmpty() || text.endsWith("\n") ? text : text + '\n') + added,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot add the database password file to " + config, e);
        }
    }

    /** The plain-HTTP metrics port of {@code node} ({@code nodeN}): base port + 60 + N. */
    public int metricsPort(String node) {
        return options.basePort() + 60 + Integer.parseInt(node.replaceAll("\\D", ""));
    }

    private int apiPort(int node) {
        return options.basePort() + 40 + node;
    }

    /** The API endpoint of {@code node} ({@code nodeN}) as sso-init wrote it: base port + 40 + N on loopback. */
    private String apiEndpoint(String node) {
        return "https://127.0.0.1:" + apiPort(Integer.parseInt(node.replaceAll("\\D", "")));
    }

    /**
     * Gives an administrator's client.properties without {@code client.servers} (a folder initialised when the client
     * found servers through ZooKeeper) the nodes' endpoints as its seeds.
     */
    static void addClientServers(Path config, List<String> endpoints) {
        if (!Files.exists(config)) {
            return;
        }
        try {
            String text = Files.readString(config, StandardCharsets.UTF_8);
            if (text.lines().anyMatch(l -> l.startsWith("client.servers="))) {
                return;
            }
            Files.writeString(
                    config,
                    (text.isEmpty() || text.endsWith("\n") ? text : text + '\n') + "client.servers="
                            + String.join(",", endpoints) + '\n',
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot add the SSO servers to " + config, e);
        }
    }

    /** Gives a node.properties without {@code metrics.port} that key (a folder initialised before metrics). */
    /**
     * Makes {@code zookeeper.sessionTimeout} of a node's configuration {@code timeout}, so that {@code
     * --session-timeout} (or a detection profile) applies to a folder initialised with another one.
     */
    static void setSessionTimeout(Path config, Duration timeout) {
        setProperty(config, "zookeeper.sessionTimeout", timeout.toMillis() + "ms");
    }

    /** Sets {@code key} to {@code value} in a node.properties, replacing any earlier line of that key. */
    static void setProperty(Path config, String key, String value) {
        if (!Files.exists(config)) {
            return;
        }
        try {
            String text = Files.readString(config, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(
                    text.lines().filter(l -> !l.startsWith(key + "=")).toList());
            lines.add(key + "=" + value);
            String updated = String.join("\n", lines) + "\n";
            if (!updated.equals(text)) {
                Files.writeString(config, updated, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set " + key + " in " + config, e);
        }
    }

    static void addMetricsPort(Path config, int port) {
        if (!Files.exists(config)) {
            return;
        }
        try {
            String text = Files.readString(config, StandardCharsets.UTF_8);
            if (text.lines().anyMatch(l -> l.startsWith("metrics.port="))) {
                return;
            }
            Files.writeString(
                    config,
                    (text.isEmpty() || text.endsWith("\n") ? text : text + '\n') + "metrics.port=" + port + '\n',
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot add the metrics port to " + config, e);
        }
    }
}
