package org.entsso.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.ClientConfig;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.NewApplication;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoClientException;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.local.LocalCluster;
import org.entsso.sso.local.LocalClusters;
import org.entsso.sso.local.Workload;
import org.entsso.sso.mss.MasterSecretClient;
import org.entsso.sso.node.DatabaseAccess;
import org.entsso.sso.node.EntssoGroup;
import org.entsso.sso.node.NodeConfig;
import org.entsso.sso.node.NodeConfigFile;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.tls.TlsMaterial;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover contract (DESIGN.md, "What clients see") against real processes: three ZooKeeper server processes, an
 * H2 TCP server process and three {@code ssod} node processes started by {@link LocalCluster}; host instances are the
 * client library in this JVM, looking up and writing credentials in a loop while a node is killed (SIGKILL), frozen
 * (SIGSTOP past the session timeout) or restarted without a master secret server.
 */
@Tag("zookeeper")
class MultiProcessFailoverTest {
    /** Kept when a test fails: the nodes' logs (cluster/nodeN/logs) are what explains a failure. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private static LocalCluster cluster;
    private static ClusterAdmin admin;
    private static Workload workload;

    @BeforeAll
    static void up() {
        cluster = LocalClusters.start(dir);
        admin = ClusterAdmin.connect(cluster.adminConnection());
        workload =
                new Workload(SsoClient.open(ClientConfigFile.load(cluster.adminClientConfig())), "FailoverApp", 8, 2);
        workload.prepare();
    }

    @AfterAll
    static void down() {
        if (workload != null) {
            workload.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.down();
        }
    }

    @BeforeEach
    void everyNodeRunning() {
        cluster.up();
        workload.resetCounters();
    }

    private String awaitOwner(Optional<String> not) {
        String[] owner = new String[1];
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(50))
                .alias("ENTSSO online" + not.map(n -> " away from " + n).orElse(""))
                .until(() -> {
                    GroupInfo g = admin.group(EntssoGroup.NAME);
                    owner[0] = g.ownerNode();
                    return g.state() == GroupState.Online
                            && not.map(n -> !n.equals(owner[0])).orElse(true);
                });
        return owner[0];
    }

    @Test
    void whenTheActiveNodeIsKilled_thenNoLookupFailsEveryAcknowledgedWriteStaysAndWritesResume() throws Exception {
        String owner = awaitOwner(Optional.empty());
        workload.start();
        workload.awaitAckAfter(Instant.now(), Timing.forWaiting()).orElseThrow();

        Instant killed = Instant.now();
        cluster.kill(owner); // SIGKILL: no chance to leave the cluster
        String next = awaitOwner(Optional.of(owner));
        Optional<Workload.Ack> resumed = workload.awaitAckAfter(killed, Timing.forWaiting());
        workload.stop();

        assertThat(next).isNotEqualTo(owner);
        assertThat(resumed).as("a write acknowledged after the kill").isPresent();
        assertThat(workload.failures()).as("failed lookups and writes").isEmpty();
        assertThat(workload.lookups()).isPositive();
        assertThat(workload.missingAcknowledgedWrites()).isEmpty();
    }

    @Test
    void whenTheActiveNodeGetsSigterm_thenItLeavesTheClusterAtOnceAndAStandbyServes() throws Exception {
        String owner = awaitOwner(Optional.empty());
        workload.start();
        workload.awaitAckAfter(Instant.now(), Timing.forWaiting()).orElseThrow();

        assertThat(cluster.stop(owner)).as(owner + " exited on SIGTERM").isTrue();
        String next = awaitOwner(Optional.of(owner));
        workload.awaitAckAfter(Instant.now(), Timing.forWaiting()).orElseThrow();
        workload.stop();

        assertThat(next).isNotEqualTo(owner);
        // Left, not expired: the membership was closed by the node itself, so nobody waited for its session to time
        // out.
        assertThat(admin.log(Optional.of(owner), Duration.ofMinutes(10)))
                .extracting(ClusterEvent::message)
                .contains("Cluster node '" + owner + "' left the cluster.");
        assertThat(workload.failures()).as("failed lookups and writes").isEmpty();
        assertThat(workload.missingAcknowledgedWrites()).isEmpty();
    }

    @Test
    void aHostInstanceWithOnlyTheClientLibraryOnItsClasspath_findsEveryServerFromOneSeed_andFailsOver()
            throws Exception {
        // The host instance's JVM: the client module's jar and runtime dependencies, and nothing else (no ZooKeeper,
        // no Bouncy Castle, no logging backend); the probe is compiled against exactly that classpath.
        Path clientLib = Path.of(System.getProperty("client.lib"));
        try (var jars = Files.list(clientLib)) {
            assertThat(jars.map(j -> j.getFileName().toString()))
                    .as("the client's runtime classpath")
                    .anyMatch(j -> j.startsWith("sso-client-"))
                    .noneMatch(j -> j.startsWith("zookeeper")
                            || j.startsWith("curator")
                            || j.startsWith("bc")
                            || j.startsWith("log4j-core"));
        }
        String owner = awaitOwner(Optional.empty());
        String seed = admin.nodes().stream()
                .filter(n -> n.name().equals(owner))
                .findFirst()
                .orElseThrow()
                .attributes()
                .get("SsoEndpoint");
        Path config = dir.resolve("host-client.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "client.servers=" + seed,
                        "client.discoveryInterval=200ms",
                        "tls.keyStore=" + LocalClusters.adminFile(cluster, "admin.p12"),
                        "tls.keyStorePasswordFile=" + LocalClusters.adminFile(cluster, "admin.p12.pwd"),
                        "tls.trustStore=" + LocalClusters.adminFile(cluster, "ca.pem"),
                        ""));
        String application = workload.applications().get(0);
        Path probeSource = Path.of(
                MultiProcessFailoverTest.class.getResource("/ClientProbe.java").toURI());
        Process probe = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        clientLib.resolve("*").toString(),
                        probeSource.toString(),
                        config.toString(),
                        application)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (var toProbe = new PrintWriter(probe.getOutputStream(), true);
                var fromProbe = new BufferedReader(new InputStreamReader(probe.getInputStream()))) {
            assertThat(fromProbe.readLine()).isEqualTo("ready");
            // Discovery: from the one seed to every SSO server the cluster lists.
            Awaitility.await("every SSO server found from the seed")
                    .atMost(Timing.forWaiting())
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        toProbe.println("servers");
                        return fromProbe.readLine().split(",").length
                                == cluster.nodeNames().size();
                    });
            toProbe.println("write before");
            assertThat(fromProbe.readLine()).isEqualTo("write ok");
            toProbe.println("lookup");
            assertThat(fromProbe.readLine()).endsWith(" before");

            // The seed is also the master secret server: stopping it fails over both the lookups and the MSS.
            assertThat(cluster.stop(owner)).isTrue();
            for (int i = 0; i < 5; i++) {
                toProbe.println("lookup");
                assertThat(fromProbe.readLine())
                        .as("lookup %d after the seed stopped", i)
                        .endsWith(" before");
            }
            toProbe.println("write after");
            assertThat(fromProbe.readLine()).isEqualTo("write ok");
            toProbe.println("lookup");
            assertThat(fromProbe.readLine()).endsWith(" after");
            toProbe.println("quit");
        } finally {
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
            }
        }
        assertThat(probe.exitValue()).isZero();
    }

    /**
     * Issue 12: ops/samples/SampleHostInstance.java, a host instance with the client library only, reads its adapter
     * settings from the config store and the senders' credentials through their tickets, and keeps delivering through
     * a SIGKILL of the active node (tickets issued before the kill redeem after it, on another server).
     */
    @Test
    void theSampleHostInstance_readsItsSettingsAndRedeemsTickets_throughASigkillOfTheActiveNode() throws Exception {
        String suffix = Long.toString(System.nanoTime(), 36);
        String affiliate = "SampleErp" + suffix;
        String adapter = "SampleAdapter" + suffix;
        String alice = "LOCAL\\alice";
        SsoClient operator = workload.client();
        operator.setTickets(true, true);
        operator.createApplication(NewApplication.withUserIdAndPassword(affiliate, Workload.USERS, "LOCAL\\Hosts"));
        operator.updateApplicationFlags(affiliate, 0x20, 0x20); // allowTickets
        operator.enableApplication(affiliate);
        operator.createApplication(NewApplication.configStore(
                adapter,
                "LOCAL\\Hosts",
                "LOCAL\\Hosts",
                List.of(
                        new NewApplication.Field("AffiliateApplication", false),
                        new NewApplication.Field("Endpoint", false))));
        operator.enableApplication(adapter);
        operator.setConfigInfo(
                adapter,
                "ReceiveLocation1",
                Map.of("AffiliateApplication", affiliate, "Endpoint", "https://erp/orders"));
        operator.addGroupMember("LOCAL\\Hosts", "LOCAL\\bts-host");
        operator.addGroupMember(Workload.USERS, alice);
        ClientConfig seeds = ClientConfigFile.load(cluster.adminClientConfig());
        String owner = awaitOwner(Optional.empty());
        String seed = seeds.servers().get(0).toString();
        Path hostFiles = SampleHost.clientFiles(cluster, dir.resolve("sample-host"), "LOCAL\\bts-host", seed);
        try (SsoClient user = SampleHost.client(cluster, seeds, alice);
                SampleHost host = SampleHost.start(
                        Path.of(System.getProperty("client.lib")), hostFiles, adapter, "ReceiveLocation1")) {
            user.createMapping(affiliate, alice, "ALICE-ERP");
            user.setCredentials(affiliate, alice, Map.of(1, "erp-password".toCharArray()));
            assertThat(host.send("config")).contains("Endpoint=https://erp/orders");
            String early = user.issueTicket().text();
            assertThat(host.send("message " + alice + " " + user.issueTicket().text() + " order-1"))
                    .isEqualTo("delivered order-1 for " + alice + " as ALICE-ERP to https://erp/orders");
            assertThat(host.send("message LOCAL\\mallory " + user.issueTicket().text() + " order-x"))
                    .startsWith("refused order-x 10594");

            cluster.kill(owner);
            assertThat(host.send("message " + alice + " " + early + " order-2"))
                    .as("a ticket issued before the kill, redeemed after it")
                    .startsWith("delivered order-2");
            for (int i = 3; i <= 12; i++) {
                assertThat(host.send(
                                "message " + alice + " " + user.issueTicket().text() + " order-" + i))
                        .startsWith("delivered order-" + i);
            }
            assertThat(awaitOwner(Optional.of(owner))).isNotEqualTo(owner);
        } finally {
            operator.setTickets(false, true);
        }
    }

    @Test
    void whenTheActiveNodeIsPausedPastTheSessionTimeout_thenNoWriteFromItReachesTheDatabase() throws Exception {
        String owner = awaitOwner(Optional.empty());
        URI oldEndpoint = URI.create(admin.resolveName("ENTSSO").orElseThrow().get("Endpoint"));
        // The administrator's own mapping in an application of its own: the workload writes to the others meanwhile.
        String probeApp = workload.prefix() + "-probe";
        workload.client()
                .createApplication(
                        NewApplication.withUserIdAndPassword(probeApp, "LOCAL\\App Users", "LOCAL\\App Admins"));
        workload.client().enableApplication(probeApp);
        workload.client().createMapping(probeApp, LocalClusters.ADMIN, "probe-ext");
        workload.start();

        List<Probe> answered = new CopyOnWriteArrayList<>();
        AtomicBoolean frozen = new AtomicBoolean(false);
        try (MasterSecretClient toOldOwner = probeClient(oldEndpoint)) {
            // Writes straight to the owner's Master Secret Service, one after another, so that one is on its way or
            // inside the process (in the handler, in the fenced transaction) at the moment it freezes. The prober
            // stops after the first write it sends once the freeze is known: that one is in flight whatever the
            // timing (a write answered just before the SIGSTOP, and the prober seeing the freeze before sending the
            // next, would otherwise leave none).
            Thread prober = new Thread(() -> {
                for (int i = 0; ; i++) {
                    boolean last = frozen.get();
                    String marker = "probe-" + i;
                    String outcome = probe(toOldOwner, probeApp, marker);
                    answered.add(new Probe(marker, Instant.now(), outcome));
                    if (last) {
                        return;
                    }
                }
            });
            prober.setDaemon(true); // never holds the test JVM open if the freeze fails
            prober.start();
            Awaitility.await().atMost(Timing.forWaiting()).until(() -> answered.size() >= 10);

            cluster.pause(owner); // SIGSTOP: the process keeps its sockets and its belief that it is the owner
            Instant resumed;
            String next;
            String beforeResume;
            try {
                frozen.set(true);
                next = awaitOwner(Optional.of(owner));
                workload.awaitAckAfter(Instant.now(), Timing.forWaiting()).orElseThrow();
                workload.stop();
                // While the old owner is still frozen: what the database holds now is what it committed before the
                // freeze. Then a write through the new owner: the old owner can write nothing while frozen, so any
                // write of its old term that reaches the database after the resume lands after this one.
                beforeResume = readProbe(probeApp);
                workload.client()
                        .setCredentials(probeApp, LocalClusters.ADMIN, Map.of(1, NEW_OWNER_MARK.toCharArray()));
            } finally {
                resumed = Instant.now();
                cluster.resume(owner); // also when the takeover failed: the next tests need the node awake
            }
            prober.join();
            assertThat(next).isNotEqualTo(owner);

            // Answered after the resume: sent before the freeze and handled (or dropped) when the process woke, in
            // its old term, after the new owner had taken over. Such a write may also have committed just before
            // the freeze with only its answer held up; what decides is what the database holds.
            List<Probe> inFlight =
                    answered.stream().filter(p -> p.answered().isAfter(resumed)).toList();
            inFlight.forEach(p -> System.out.println("write in flight at the paused MSS: " + p.outcome()));
            assertThat(inFlight).as("writes in flight when the node froze").isNotEmpty();
            assertThat(readProbe(probeApp))
                    .as("no write of the old term reached the database after the new owner's")
                    .isEqualTo(NEW_OWNER_MARK);
            int lastApplied = answered.stream()
                    .filter(p -> p.outcome().equals("applied"))
                    .mapToInt(Probe::index)
                    .max()
                    .orElseThrow();
            assertThat(beforeResume).as("what the frozen owner had committed").startsWith("probe-");
            assertThat(Integer.parseInt(beforeResume.substring("probe-".length())))
                    .as("every write acknowledged as applied is in the database (" + beforeResume + ")")
                    .isGreaterThanOrEqualTo(lastApplied);
        }
        // The old node finds its session gone and steps down; the cluster keeps one owner.
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .until(() -> admin.group(EntssoGroup.NAME).state() == GroupState.Online);
        // Every write answered (issue 9 item 6): the new owner ends the frozen owner's database sessions at takeover,
        // so no write waits on row locks it holds until it wakes.
        assertThat(workload.failures()).as("failed lookups and writes").isEmpty();
        assertThat(workload.missingAcknowledgedWrites()).isEmpty();
    }

    private static final String NEW_OWNER_MARK = "written-by-the-new-owner";

    private record Probe(String marker, Instant answered, String outcome) {
        int index() {
            return Integer.parseInt(marker.substring("probe-".length()));
        }
    }

    private static String readProbe(String application) {
        try (var c = workload.client().getCredentials(application, true)) {
            return new String(c.field(1));
        }
    }

    private MasterSecretClient probeClient(URI endpoint) {
        Path nodeDir = cluster.clusterDir().resolve("node3");
        char[] pw = PasswordFiles.read(nodeDir.resolve("node.p12.pwd"), "password file");
        TlsMaterial tls = TlsMaterial.fromPkcs12(nodeDir.resolve("node.p12"), pw, nodeDir.resolve("ca.pem"));
        return new MasterSecretClient(tls, () -> Optional.of(endpoint), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    private static String probe(MasterSecretClient client, String application, String marker) {
        String account = LocalClusters.ADMIN;
        SortedMap<Integer, byte[]> fields = new TreeMap<>(Map.of(1, marker.getBytes()));
        try {
            client.setCredentials(
                    LocalClusters.ADMIN,
                    UUID.randomUUID(),
                    application,
                    new WindowsAccount(
                            account.substring(0, account.indexOf('\\')), account.substring(account.indexOf('\\') + 1)),
                    fields);
            return "applied";
        } catch (SsoException e) {
            return "refused: " + e.getMessage();
        }
    }

    @Test
    void whenAnSsoServerRestartsWithNoMasterSecretServer_thenOnlyItCannotDecryptUntilOneIsBack() throws Exception {
        String owner = awaitOwner(Optional.empty());
        String restarted = cluster.nodeNames().stream()
                .filter(n -> !n.equals(owner))
                .findFirst()
                .orElseThrow();
        admin.stopGroup(EntssoGroup.NAME, Timing.forWaiting());
        workload.start(false); // lookups only: with no MSS online, writes fail by design

        cluster.stop(restarted);
        String api = cluster.startNode(restarted);
        ClientConfig onlyRestarted = ClientConfig.builder()
                .tlsFiles(
                        LocalClusters.adminFile(cluster, "admin.p12"),
                        LocalClusters.adminFile(cluster, "admin.p12.pwd"),
                        LocalClusters.adminFile(cluster, "ca.pem"))
                .server(URI.create(api))
                .discovery(false) // this server alone, not the others its /v1/sys/nodes lists
                .build();
        String application = workload.applications().get(1);
        try (SsoClient direct = SsoClient.open(onlyRestarted)) {
            assertThatThrownBy(() -> direct.getCredentials(application, true))
                    .isInstanceOfSatisfying(
                            SsoClientException.class, e -> assertThat(e.code()).isEqualTo(10532));

            admin.startGroup(EntssoGroup.NAME, Timing.forWaiting());
            Awaitility.await().atMost(Timing.forWaiting()).ignoreExceptions().until(() -> {
                try (var c = direct.getCredentials(application, true)) {
                    return c.field(1).length > 0;
                }
            });
        } finally {
            workload.stop();
        }
        assertThat(workload.failedLookups())
                .as("lookups through the other servers")
                .isZero();
    }

    @Test
    void theSharedDatabaseRefusesTheEmptyPassword_andEveryNodeReadsTheOwnerOnlyPasswordFile() throws Exception {
        Path passwordFile = cluster.databasePasswordFile();
        assertThat(permissions(passwordFile.getParent())).isEqualTo("rwx------");
        assertThat(permissions(passwordFile)).isEqualTo("rw-------");
        assertThat(permissions(passwordFile.resolveSibling("sso.mv.db"))).isEqualTo("rw-------");
        NodeConfig config = null;
        for (String node : cluster.nodeNames()) {
            config = NodeConfigFile.load(cluster.nodeConfig(node));
            assertThat(config.databaseUser()).as(node).contains("sa");
            assertThat(config.databasePasswordFile()).as(node).contains(passwordFile);
            assertThat(config.database().tunnelled()).as(node).isTrue();
        }
        // The database's TLS port speaks no plain H2 protocol; a node reaches it through its tunnel, as ssod does.
        String tlsPort = config.databaseUrl();
        assertThatThrownBy(() -> DriverManager.getConnection(tlsPort, "sa", "").close())
                .isInstanceOf(SQLException.class);
        try (DatabaseAccess access = new DatabaseAccess(config.database(), nodeTls(config))) {
            access.start();
            String jdbcUrl = access.jdbcUrl();
            assertThatThrownBy(
                            () -> DriverManager.getConnection(jdbcUrl, "sa", "").close())
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD));
            char[] password = PasswordFiles.read(passwordFile, "database password file");
            try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", new String(password))) {
                assertThat(c.isValid(5)).isTrue();
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static TlsMaterial nodeTls(NodeConfig config) {
        char[] password = PasswordFiles.read(config.tlsKeyStorePasswordFile(), "key store password file");
        try {
            return TlsMaterial.fromPkcs12(config.tlsKeyStore(), password, config.tlsTrustStore());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
