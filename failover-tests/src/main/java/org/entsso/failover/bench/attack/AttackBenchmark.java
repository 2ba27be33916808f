package org.entsso.failover.bench.attack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupState;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.NewApplication;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.local.LocalCluster;
import org.entsso.sso.node.EntssoGroup;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;

/**
 * The "under attack" benchmark of issue 10, against a real local cluster ({@link LocalCluster}: three ZooKeeper
 * processes, an H2 server process, three {@code ssod} processes on 127.0.0.1). A well-behaved client looks up
 * credentials at a fixed rate on one SSO server's API (open loop, HdrHistogram) and writes credentials at a fixed rate
 * through the client library (forwarded to the master secret server); first for a baseline, then while
 * {@link Attackers}, in a process of their own ({@link RemoteAttackers}, under {@code nice}), keep {@code connections}
 * stalled connections open against that API port and the MSS port of the
 * group's owner, reopening each one the server drops. Meanwhile the other standby SSO server is killed (SIGKILL) and
 * started again, and the time until it holds the keyring is read from its log and its health endpoint. Before and after
 * the attack the harness scrapes every node's counters; afterwards it counts the WARN lines the attack left in the
 * nodes' logs and the CPU each process used.
 *
 * <p>Run (see failover-tests/BENCHMARKS.md): {@code java -cp failover-tests/target/benchmarks.jar
 * org.entsso.failover.bench.attack.AttackBenchmark [dir=...] [basePort=18600] [connections=500] [seconds=60]
 * [lookupRate=200] [writeRate=5] [baselineSeconds=10] [restartAfter=5] [apiOnOwner=false] [jstack=false]
 * [kinds=hello-silent,hello-trickle,headers-trickle,body-stall] [attackerNice=19] [attackerSource=127.0.0.2]
 * [handshakeRate=perSecond/burst]}. The cluster is stopped at the end, also on failure or Ctrl-C; its folder is left for inspection.
 */
public final class AttackBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** How long nodes may take to come up on a machine shared with other work. */
    private static final Duration START_WAIT = Duration.ofMinutes(5);

    private static final int WINDOW_SECONDS = 5;
    private static final int MIN_WARM_WINDOWS = 3;
    private static final long WARM_P99_MILLIS = 30;
    /**
     * The node processes' options: those {@code ops/sso-cluster} gives them, and one logging context for the whole
     * process. The nodes run from this harness's shaded jar, whose manifest does not say {@code Multi-Release: true}, so
     * Log4j cannot find its callers' classes there: with its default selector, loggers named by class would then get a
     * context of their own with the jar's {@code log4j2.xml} (WARN to stderr) instead of the node's {@code ssod.log}
     * that {@code NodeLogging} configures, and the keyring and attack lines this harness reads would be missing.
     */
    private static final List<String> NODE_JVM_OPTIONS = List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.selector.BasicContextSelector");

    private static final int ACCOUNTS = 8;

    private final LocalCluster cluster;
    private final AttackOptions options;
    private final PrintStream out;
    private final NodeProbe probe = new NodeProbe();

    private AttackBenchmark(LocalCluster cluster, AttackOptions options, PrintStream out) {
        this.cluster = cluster;
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        AttackOptions options = AttackOptions.parse(args);
        PrintStream out = System.out;
        out.printf("Under-attack benchmark (issue 10), %s, load average %s%n", Instant.now(), LoadAverage.read());
        out.println("options: " + options);
        LocalCluster cluster = new LocalCluster(new LocalCluster.Options(
                options.dir(), options.basePort(), 3, Duration.ofSeconds(4), NODE_JVM_OPTIONS));
        if (!options.handshakeRate().isEmpty()) {
            String[] rate = options.handshakeRate().split("/");
            cluster.nodeProperty("tls.handshakesPerSecondPerSource", rate[0])
                    .nodeProperty("tls.handshakeBurstPerSource", rate[1]);
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable down = () -> {
            if (stopped.compareAndSet(false, true)) {
                cluster.down();
            }
        };
        Thread hook = new Thread(down, "attack-benchmark-down");
        Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C must not leave seven processes behind
        try {
            Instant upStarted = Instant.now();
            up(cluster, out);
            out.printf(
                    "cluster up in %s after %.1f s%n",
                    options.dir(), Duration.between(upStarted, Instant.now()).toMillis() / 1000.0);
            new AttackBenchmark(cluster, options, out).run();
        } finally {
            down.run();
            Runtime.getRuntime().removeShutdownHook(hook);
            out.println("cluster stopped; folder left at " + options.dir());
        }
    }

    /**
     * {@link LocalCluster#up()}, tolerating a node that has not printed its ready line within LocalCluster's wait while
     * its process still runs (two cores shared with other builds can take longer than that to start three JVMs); the
     * harness then waits for every node's health on its own, longer.
     */
    private static void up(LocalCluster cluster, PrintStream out) {
        try {
            cluster.up();
        } catch (IllegalStateException e) {
            boolean running = cluster.nodeNames().stream()
                    .allMatch(n -> cluster.process(n).isPresent());
            if (!running) {
                throw e;
            }
            out.println("still starting (" + e.getMessage().lines().findFirst().orElse("") + "); waiting longer");
        }
    }

    private void run() throws InterruptedException, IOException {
        try (ClusterAdmin admin = ClusterAdmin.connect(cluster.adminConnection());
                SsoClient client = SsoClient.open(ClientConfigFile.load(cluster.adminClientConfig()))) {
            String owner = awaitOwner(admin);
            URI mss =
                    URI.create(admin.resolveName(EntssoGroup.NAME).orElseThrow().get("Endpoint"));
            List<String> standbys = new ArrayList<>(cluster.nodeNames());
            standbys.remove(owner);
            String apiNode = options.apiOnOwner() ? owner : standbys.get(0);
            String restartNode = options.apiOnOwner() ? standbys.get(0) : standbys.get(1);
            URI api = URI.create("https://127.0.0.1:" + (options.basePort() + 40 + nodeNumber(apiNode)));
            awaitEveryNodeHoldsKeyring();
            out.printf(
                    "owner %s (MSS %s); lookups and API attack on %s (%s); restart of %s%n",
                    owner, mss, apiNode, api, restartNode);

            String suffix = Long.toString(System.currentTimeMillis(), 36);
            List<String> accounts = new ArrayList<>();
            for (int i = 1; i <= ACCOUNTS; i++) {
                accounts.add("LOCAL\\user" + i);
            }
            // Reads: the administrator's own mapping in each read application (nobody reads another account's
            // credentials without its ticket); writes: every account's mapping in the write application.
            List<String> readApps = new ArrayList<>();
            for (int i = 1; i <= ACCOUNTS; i++) {
                readApps.add(prepare(client, "AttackReads" + suffix + "-" + i, List.of(client.principal())));
            }
            String writeApp = prepare(client, "AttackWrites" + suffix, accounts);
            measure(client, api, readApps, writeApp, accounts, mss, owner, apiNode, restartNode);
        }
    }

    private void measure(
            SsoClient client,
            URI api,
            List<String> readApps,
            String writeApp,
            List<String> accounts,
            URI mss,
            String owner,
            String apiNode,
            String restartNode)
            throws InterruptedException {
        List<URI> uris = new ArrayList<>();
        for (String readApp : readApps) {
            uris.add(api.resolve(
                    "/v1/applications/" + URLEncoder.encode(readApp, StandardCharsets.UTF_8) + "/credentials"));
        }
        List<HttpClient> http = new ArrayList<>();
        SSLContext adminTls = administrator().clientContext(NodeRole.MASTER_SECRET_SERVER);
        for (int i = 0; i < options.lookupClients(); i++) {
            http.add(httpClient(adminTls));
        }
        OpenLoopLookups lookups = new OpenLoopLookups(http, uris, options.lookupRate());
        PacedWrites writes = new PacedWrites(client, writeApp, accounts, options.writeRate());
        PhaseTotals baseline = new PhaseTotals("baseline");
        PhaseTotals attack = new PhaseTotals("attack");
        List<Attackers.Target> targets = List.of(
                new Attackers.Target("api", api.getHost(), api.getPort(), "/v1/applications"),
                new Attackers.Target("mss", mss.getHost(), mss.getPort(), "/v1/sys/secret/restore"));
        Path attackerDir = attackerCertificate();
        RemoteAttackers attackers = null;
        NodeRestart restart =
                new NodeRestart(cluster, restartNode, probe, TimeUnit.SECONDS.toMillis(options.restartAfterSeconds()));
        Map<String, ProcessHandle> processes = processes();
        Map<String, Duration> cpuBaseline = new LinkedHashMap<>();
        Map<String, Duration> cpuBefore = new LinkedHashMap<>();
        double baselineSeconds = 0;
        Map<String, Map<String, Double>> countersBefore = new LinkedHashMap<>();
        Instant attackStart;
        Instant attackEnd;
        try {
            PhaseTotals.printWindowHeader(out);
            long t0 = System.nanoTime();
            lookups.start();
            writes.start();
            warmUp(lookups, writes, t0);
            processes.forEach((name, p) -> cpuBaseline.put(name, cpu(p)));
            long baselineStart = System.nanoTime();
            windows(baseline, lookups, writes, null, null, t0, options.baselineSeconds());
            baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;

            cluster.nodeNames().forEach(n -> countersBefore.put(n, probe.attackCounters(cluster.metricsPort(n))));
            processes.forEach((name, p) -> cpuBefore.put(name, cpu(p)));
            attackers = RemoteAttackers.start(
                    targets,
                    options.kinds(),
                    options.connections(),
                    options.rampMillis(),
                    attackerDir.resolve("attacker.p12"),
                    attackerDir.resolve("attacker.p12.pwd"),
                    cluster.clusterDir().resolve("admin").resolve("ca.pem"),
                    options.attackerNice(),
                    options.attackerSource(),
                    attackerDir.resolve("attacker.log"));
            attackStart = Instant.now();
            processes.put("attacker", attackers.handle());
            cpuBefore.put("attacker", Duration.ZERO);
            // What was measured since the baseline's end (scraping counters, starting the attacker) is neither phase.
            lookups.window();
            writes.window();
            if (options.restartAfterSeconds() >= 0) {
                restart.start();
            }
            windows(
                    attack,
                    lookups,
                    writes,
                    attackers,
                    options.restartAfterSeconds() >= 0 ? restart : null,
                    t0,
                    options.attackSeconds());
        } finally {
            if (attackers != null) {
                attackers.close();
            }
            attackEnd = Instant.now();
            lookups.close();
            writes.close();
        }
        attack.add(out, secondsSince(attackStart), 1, lookups.window(), writes.window(), -1, -1, -1, LoadAverage.one());
        Map<String, Duration> cpuAfter = new LinkedHashMap<>();
        processes.forEach((name, p) -> cpuAfter.put(name, cpu(p)));
        cpuAfter.put("attacker", attackers.cpu());
        NodeRestart.Timing timing = options.restartAfterSeconds() >= 0 ? restart.await(WAIT) : null;
        AttackReport report = new AttackReport(out, options, attackStart, attackEnd);
        report.phases(baseline, attack, lookups.lastFailure(), writes.lastFailure());
        report.attack(attackers.tallies());
        report.counters(cluster, probe, countersBefore, Map.of(owner, "owner (MSS attacked)", apiNode, "API attacked"));
        if (timing != null) {
            report.restart(restartNode, timing);
        }
        report.warnings(cluster);
        report.cpu(baselineSeconds, cpuBaseline, cpuBefore, cpuAfter);
        report.goals(attack, timing);
    }

    /**
     * Windows of {@value #WINDOW_SECONDS} s for {@code seconds}; during the attack, longer if need be (by whole windows,
     * at most {@link #START_WAIT} more) until the restarted node has held the keyring for a window, so that its restart
     * falls inside the attack even on a machine where a node takes a minute to start. A thread dump of the nodes
     * halfway through when asked.
     */
    private void windows(
            PhaseTotals phase,
            OpenLoopLookups lookups,
            PacedWrites writes,
            RemoteAttackers attackers,
            NodeRestart restart,
            long t0,
            int seconds)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long latest = end + START_WAIT.toNanos();
        boolean dumped = false;
        while (System.nanoTime() - end < 0
                || (restart != null && !settled(restart) && System.nanoTime() - latest < 0)) {
            long windowStart = System.nanoTime();
            long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
            if (end - windowStart > 0 && end - windowEnd < 0) {
                windowEnd = end;
            }
            TimeUnit.NANOSECONDS.sleep(windowEnd - windowStart);
            double length = (System.nanoTime() - windowStart) / 1e9;
            long[] attack = attackers == null ? new long[] {-1, -1, -1} : attackers.window();
            phase.add(
                    out,
                    (System.nanoTime() - t0) / 1e9,
                    length,
                    lookups.window(),
                    writes.window(),
                    (int) attack[0],
                    attack[1],
                    attack[2],
                    LoadAverage.one());
            if (attackers != null && options.jstack() && !dumped && System.nanoTime() - start > (end - start) / 2) {
                dumped = true;
                ThreadDumps.write(cluster, options.dir(), out);
            }
        }
    }

    /**
     * Runs the load until {@value #MIN_WARM_WINDOWS} windows in a row keep up with it (95% of the offered lookups
     * answered, nothing skipped, p99 under {@value #WARM_P99_MILLIS} ms), or {@link #START_WAIT} passes:
     * seven freshly started JVMs share the machine, and their JIT compilers take tens of seconds on two cores, during
     * which an open-loop client builds a backlog that a short fixed warm-up would carry into the baseline.
     */
    private void warmUp(OpenLoopLookups lookups, PacedWrites writes, long t0) throws InterruptedException {
        PhaseTotals warm = new PhaseTotals("warm-up");
        long latest = System.nanoTime() + START_WAIT.toNanos();
        int keptUpInARow = 0;
        while (System.nanoTime() - latest < 0) {
            TimeUnit.SECONDS.sleep(WINDOW_SECONDS);
            OpenLoopLookups.Window l = lookups.window();
            warm.add(
                    out,
                    (System.nanoTime() - t0) / 1e9,
                    WINDOW_SECONDS,
                    l,
                    writes.window(),
                    -1,
                    -1,
                    -1,
                    LoadAverage.one());
            boolean keptUp = l.answered() >= 0.95 * options.lookupRate() * WINDOW_SECONDS
                    && l.skipped() == 0
                    && l.latencies().getValueAtPercentile(99) < WARM_P99_MILLIS * 1_000_000L;
            keptUpInARow = keptUp ? keptUpInARow + 1 : 0;
            if (keptUpInARow >= MIN_WARM_WINDOWS) {
                return;
            }
        }
        out.println("the well-behaved client never kept up during the warm-up; measuring anyway");
    }

    /** The restart is over and the node has held its keyring for a window of the attack. */
    private static boolean settled(NodeRestart restart) {
        return restart.settled()
                && Duration.between(restart.settledAt(), Instant.now()).getSeconds() >= WINDOW_SECONDS;
    }

    private String prepare(SsoClient client, String application, List<String> accounts) {
        client.createApplication(
                NewApplication.withUserIdAndPassword(application, "LOCAL\\App Users", "LOCAL\\App Admins"));
        client.enableApplication(application);
        for (String account : accounts) {
            client.addGroupMember("LOCAL\\App Users", account);
            client.createMapping(application, account, "ext-" + account.substring(account.indexOf('\\') + 1));
            client.setCredentials(application, account, Map.of(1, "initial".toCharArray()));
        }
        return application;
    }

    private String awaitOwner(ClusterAdmin admin) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_WAIT);
        while (Instant.now().isBefore(deadline)) {
            GroupInfo g = admin.group(EntssoGroup.NAME);
            if (g.state() == GroupState.Online
                    && admin.resolveName(EntssoGroup.NAME).isPresent()) {
                return g.ownerNode();
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("ENTSSO did not come online within " + START_WAIT);
    }

    private void awaitEveryNodeHoldsKeyring() throws InterruptedException {
        Instant deadline = Instant.now().plus(START_WAIT);
        for (String node : cluster.nodeNames()) {
            while (probe.health(cluster.metricsPort(node)).orElse(503) == 503) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(node + " does not hold the keyring after " + START_WAIT);
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    private Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        cluster.status().forEach((name, pid) -> pid.flatMap(ProcessHandle::of).ifPresent(p -> processes.put(name, p)));
        processes.put("harness", ProcessHandle.current());
        return processes;
    }

    private static Duration cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static int nodeNumber(String node) {
        return Integer.parseInt(node.replaceAll("\\D", ""));
    }

    private static double secondsSince(Instant t) {
        return Duration.between(t, Instant.now()).toMillis() / 1000.0;
    }

    private static HttpClient httpClient(SSLContext tls) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {TlsMaterial.PROTOCOL});
        return HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(parameters)
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(null))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** The cluster's administrator, {@code LOCAL\ssoadmin}: the well-behaved client. */
    private TlsMaterial administrator() {
        Path dir = cluster.clusterDir().resolve("admin");
        char[] password = PasswordFiles.read(dir.resolve("admin.p12.pwd"), "password file");
        try {
            return TlsMaterial.fromPkcs12(dir.resolve("admin.p12"), password, dir.resolve("ca.pem"));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The attacker: an administrator certificate of its own ({@code LOCAL\mallory}), freshly issued by the cluster CA,
     * so that its requests pass every route's caller policy and the server has to wait for their headers and bodies;
     * written with its password file to the folder returned, for the attacker process.
     */
    private Path attackerCertificate() {
        Path dir = cluster.clusterDir().resolve("ca");
        Path attackerDir = options.dir().resolve("attacker");
        char[] password = PasswordFiles.read(dir.resolve("ca.p12.pwd"), "CA password file");
        try {
            Files.createDirectories(attackerDir);
            ClusterCa ca = ClusterCa.loadPkcs12(dir.resolve("ca.p12"), password, Clock.systemUTC());
            Path passwordFile = attackerDir.resolve("attacker.p12.pwd");
            Files.deleteIfExists(passwordFile);
            PasswordFiles.generate(passwordFile);
            char[] attackerPassword = PasswordFiles.read(passwordFile, "attacker password file");
            try {
                ca.issueAdmin("LOCAL\\mallory").writePkcs12(attackerDir.resolve("attacker.p12"), attackerPassword);
            } finally {
                Arrays.fill(attackerPassword, '\0');
            }
            return attackerDir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the attacker's certificate to " + attackerDir, e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Utility for the load average as {@code uptime} shows it. */
    static final class LoadAverage {
        private LoadAverage() {}

        /** The three load averages from /proc/loadavg, or "n/a". */
        static String read() {
            try {
                String[] parts =
                        Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
                return String.format(Locale.ROOT, "%s %s %s", parts[0], parts[1], parts[2]);
            } catch (IOException | ArrayIndexOutOfBoundsException e) {
                return "n/a";
            }
        }

        static String one() {
            return read().split(" ")[0];
        }
    }
}
