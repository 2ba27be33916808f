package org.entsso.sso.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.node.NodeState;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.node.EntssoGroup;
import org.entsso.sso.node.SsoNode;

/**
 * The failover drill (issue 14): while the client library looks up and writes credentials in a loop ({@link
 * Workload}), it runs rounds of the chosen {@link DrillKind}s (or, in a soak, kinds picked at random for a while), reads
 * each round's phases from the cluster log, checks each against DESIGN.md's "What clients see", prints progress and a
 * summary table, and writes {@code report.json} (format {@code entsso-drill-report/1}, schema {@code
 * drill-report.schema.json}) and a self-contained {@code report.html} into the report folder. Not thread-safe.
 */
public final class Drill {
    /** The bins run this long past a round's last phase. */
    private static final Duration AFTER = Duration.ofMillis(500);
    /** How long a round waits for every SSO server to report its switch to a new owner. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The load a drill runs: its readers' lookups per second together (0: back to back, as fast as the cluster answers;
     * see {@link Workload}) and how long it runs before the first round.
     */
    public record Load(double lookupsPerSecond, Duration warmup) {
        /**
         * 150 lookups/s and 30 s of warm-up. A light load, as a drill of a production cluster should run (issue 14
         * item 3), at a known rate, so that a stall shows as latency and not only as fewer lookups: two readers back to
         * back took about 350 lookups/s and kept both cores of this machine busy. The machine stays busy with the
         * lighter load too (the writer, ZooKeeper, the JIT compilers), and the moves' pauses did not change with it.
         * The warm-up, because a round is meant to show a running cluster's failover, not its JVMs' start: on a cluster
         * started seconds before, the first three planned moves paused writes 553-993 ms, the next three 334-407 ms;
         * after 30 s of load the first two paused 641 and 520 ms and the next four 247-403 ms.
         */
        public static final Load DEFAULT = new Load(150, Duration.ofSeconds(30));

        public Load {
            if (lookupsPerSecond < 0 || Double.isNaN(lookupsPerSecond) || Double.isInfinite(lookupsPerSecond)) {
                throw new IllegalArgumentException("the lookup rate is a number of lookups per second, 0 or more");
            }
            if (warmup == null || warmup.isNegative()) {
                throw new IllegalArgumentException("the warm-up is a number of seconds, 0 or more");
            }
        }
    }

    /** The workload's lookup threads and applications. */
    private static final int READERS = 2;

    private static final int APPLICATIONS = 8;

    private final DrillTarget target;
    private final PrintWriter out;
    private final Path reportDir;
    private final Load load;
    private final List<Round> rounds = new ArrayList<>();
    private final List<ObjectNode> roundJson = new ArrayList<>();
    private Optional<LatchReference.Result> reference = Optional.empty();

    /**
     * The outcome: the report files; whether every round ran to its end and every acknowledged write is still there
     * ({@code completed}); whether every contract check held as well ({@code pass}).
     */
    public record Outcome(Path json, Path html, boolean completed, boolean pass) {}

    /** A drill of {@code target} under {@code load}, writing its report into {@code reportDir}. */
    Drill(DrillTarget target, PrintWriter out, Path reportDir, Load load) {
        this.target = target;
        this.out = out;
        this.reportDir = reportDir;
        this.load = Objects.requireNonNull(load, "load");
    }

    /** A drill on the local cluster under {@link Load#DEFAULT}, writing its report into {@code reportDir}. */
    public static Drill local(LocalCluster cluster, PrintWriter out, Path reportDir) {
        return local(cluster, out, reportDir, Load.DEFAULT);
    }

    /** A drill on the local cluster under {@code load}. */
    public static Drill local(LocalCluster cluster, PrintWriter out, Path reportDir, Load load) {
        return new Drill(DrillTarget.local(cluster), out, reportDir, load);
    }

    /**
     * Runs {@code rounds} rounds of each of {@code kinds} in turn (round 1 of every kind, then round 2, ...), or, with
     * a {@code soak}, kinds picked at random among them until it has passed; then writes the report.
     */
    public Outcome run(List<DrillKind> kinds, int rounds, Optional<Duration> soak, int referenceRounds)
            throws InterruptedException {
        for (DrillKind kind : kinds) {
            if (target.local().isEmpty() && !kind.production()) {
                target.requireLocal(kind); // refuses with the reason before anything starts
            }
        }
        Instant started = Instant.now();
        try (ClusterAdmin admin = ClusterAdmin.connect(target.admin());
                Workload workload = new Workload(
                        SsoClient.open(ClientConfigFile.load(target.clientConfig())),
                        "Drill" + Long.toString(System.currentTimeMillis(), 36),
                        APPLICATIONS,
                        READERS,
                        load.lookupsPerSecond())) {
            workload.prepare();
            workload.start();
            warmUp(admin);
            Faults faults = new Faults(target, admin, workload);
            if (soak.isPresent()) {
                soak(faults, admin, workload, kinds, soak.get());
            } else {
                for (int n = 1; n <= rounds; n++) {
                    for (DrillKind kind : kinds) {
                        round(faults, admin, workload, kind, n);
                    }
                }
            }
            workload.stop();
            List<String> missing = workload.missingAcknowledgedWrites();
            if (referenceRounds > 0 && target.local().isPresent()) {
                out.printf(
                        "Reference: %d rounds of a bare Curator LeaderLatch on the same ensemble%n", referenceRounds);
                out.flush();
                reference = Optional.of(LatchReference.measure(target.local().get(), referenceRounds, out));
            }
            return write(started, kinds, workload, missing);
        }
    }

    /** Runs the load for the warm-up before the first round, saying so. */
    private void warmUp(ClusterAdmin admin) throws InterruptedException {
        if (load.warmup().isZero()) {
            return;
        }
        String owner;
        try {
            owner = admin.group(EntssoGroup.NAME).ownerNode();
        } catch (RuntimeException e) {
            owner = "? (" + e.getMessage()
                    + ")"; // only the progress line's; the first round waits for a steady cluster
        }
        out.printf(
                "[warm-up] %d s of load before the first round (the JVMs' compilers, caches and pools), ENTSSO on %s%n",
                load.warmup().toSeconds(), owner);
        out.flush();
        Thread.sleep(load.warmup().toMillis());
    }

    private void soak(Faults faults, ClusterAdmin admin, Workload workload, List<DrillKind> kinds, Duration soak)
            throws InterruptedException {
        Random random = new Random();
        Instant end = Instant.now().plus(soak);
        int[] counts = new int[DrillKind.values().length];
        while (Instant.now().isBefore(end)) {
            DrillKind kind = kinds.get(random.nextInt(kinds.size()));
            round(faults, admin, workload, kind, ++counts[kind.ordinal()]);
            Thread.sleep(1000 + random.nextInt(4000)); // quiet time between faults
        }
    }

    private void round(Faults faults, ClusterAdmin admin, Workload workload, DrillKind kind, int n)
            throws InterruptedException {
        Instant began = Instant.now();
        Round round;
        try {
            round = faults.run(kind, n);
        } catch (RuntimeException e) {
            round = new Round(kind, n, began, null, "drill");
            round.error = e.getMessage();
        }
        round.phasesFrom(settledLog(admin, round.faultAt), Instant.now());
        Instant end = round.phases.stream()
                .map(Round.Phase::at)
                .max(Instant::compareTo)
                .orElse(began)
                .plus(AFTER);
        long wait = Duration.between(Instant.now(), end).toMillis();
        if (wait > 0) {
            Thread.sleep(wait); // the bins after the last phase
        }
        round.lookups = workload.lookups();
        round.failedLookups = workload.failedLookups();
        round.notCachedLookups = workload.notCachedLookups();
        round.failedWrites = workload.failedWrites();
        round.acknowledgedWrites = workload.acknowledgedWritesSince(round.faultAt.minus(Round.BEFORE));
        Contract.check(round);
        rounds.add(round);
        roundJson.add(round.toJson(workload.bins(), end));
        out.println(progress(round));
        workload.failures().stream().limit(3).forEach(f -> out.println("    failure: " + f));
        if (round.error != null) {
            out.println("    state: " + clusterState(admin));
        }
        if (round.error != null && target.local().isPresent()) {
            // A round that could not finish: where each process waits now, while it still does.
            ThreadDumps.capture(target.local().get(), reportDir.resolve("threads-" + kind.id() + "-" + n))
                    .forEach(line -> out.println("    threads: " + line));
        }
        out.flush();
    }

    /**
     * The cluster log since the fault, once every SSO server Up has written that it switched to the new master secret
     * server when the fault gave ENTSSO a new owner (waiting at most {@link #SETTLE}): a round's timeline ends with
     * the last server's switch, which may come after the first write the new owner acknowledged.
     */
    private static List<ClusterEvent> settledLog(ClusterAdmin admin, Instant since) throws InterruptedException {
        Instant deadline = Instant.now().plus(SETTLE);
        while (true) {
            List<ClusterEvent> log = clusterLog(admin, since);
            Optional<Instant> newOwner = log.stream()
                    .filter(e -> e.kind().equals("OWNERSHIP") && !e.time().isBefore(since))
                    .map(ClusterEvent::time)
                    .max(Instant::compareTo);
            if (newOwner.isEmpty() || Instant.now().isAfter(deadline)) {
                return log;
            }
            long switched = log.stream()
                    .filter(e -> e.kind().equals("MSS_SWITCHED") && !e.time().isBefore(newOwner.get()))
                    .map(ClusterEvent::node)
                    .distinct()
                    .count();
            long servers;
            try {
                servers = admin.nodes().stream()
                        .filter(n ->
                                n.state() == NodeState.Up && n.attributes().containsKey(SsoNode.ENDPOINT_ATTRIBUTE))
                        .count();
            } catch (RuntimeException e) {
                return log;
            }
            if (switched >= servers) {
                return log;
            }
            Thread.sleep(100);
        }
    }

    private static List<ClusterEvent> clusterLog(ClusterAdmin admin, Instant since) {
        Duration span = Duration.between(since, Instant.now()).plusSeconds(5);
        for (int attempt = 0; ; attempt++) {
            try {
                return admin.log(Optional.empty(), span);
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    return List.of(); // ZooKeeper unreachable: the round keeps the drill's own phases
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
            }
        }
    }

    /**
     * The group and the network name SSO servers resolve, as ZooKeeper has them now: after a round that could not
     * finish, whether the cluster thinks ENTSSO is online and where it sends SSO servers (no secret is in either).
     */
    private static String clusterState(ClusterAdmin admin) {
        try {
            GroupInfo g = admin.group(EntssoGroup.NAME);
            return "group " + g.state() + " on " + g.ownerNode() + " (epoch " + g.epoch() + "); name "
                    + EntssoGroup.NAME + " -> "
                    + admin.resolveName(EntssoGroup.NAME).map(Object::toString).orElse("(not registered)");
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String progress(Round r) {
        StringBuilder line = new StringBuilder();
        line.append(String.format("[%s %d] %s", r.kind.id(), r.number, r.pass() ? "PASS" : "FAIL"));
        if (r.target != null) {
            line.append(" on ").append(r.target);
        }
        r.figures.forEach((name, ms) -> line.append(String.format("; %s %.0f", name, ms)));
        line.append(String.format("; lookups %d, failed %d", r.lookups, r.failedLookups));
        if (r.error != null) {
            line.append("; ").append(r.error);
        }
        r.checks.stream()
                .filter(c -> !c.pass())
                .forEach(c -> line.append("\n    broken: ")
                        .append(c.rule())
                        .append(" -- ")
                        .append(c.observed()));
        return line.toString();
    }

    private Outcome write(Instant started, List<DrillKind> kinds, Workload workload, List<String> missing) {
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        report.put("format", "entsso-drill-report/1");
        report.put("tool", "sso-cluster drill");
        ObjectNode t = report.putObject("target");
        t.put("kind", target.kind());
        t.put("description", target.description());
        ArrayNode nodes = t.putArray("nodes");
        target.local().ifPresent(l -> l.nodeNames().forEach(nodes::add));
        if (target.sessionTimeoutMillis().isPresent()) {
            t.put("sessionTimeoutMs", target.sessionTimeoutMillis().get());
        } else {
            t.putNull("sessionTimeoutMs");
        }
        t.put("zooKeeper", target.zooKeeper());
        report.put("startedAt", started.toString());
        report.put("finishedAt", Instant.now().toString());
        report.put("binMillis", Bins.BIN_MILLIS);
        ObjectNode workloadJson = report.putObject("workload");
        workloadJson.put("readers", READERS);
        if (load.lookupsPerSecond() > 0) {
            workloadJson.put("lookupsPerSecond", load.lookupsPerSecond());
        } else {
            workloadJson.putNull("lookupsPerSecond");
        }
        workloadJson.put("writers", 1);
        workloadJson.put("applications", APPLICATIONS);
        workloadJson.put("warmupSeconds", load.warmup().toSeconds());
        ArrayNode k = report.putArray("kinds");
        kinds.forEach(kind -> k.add(kind.id()));
        report.putArray("rounds").addAll(roundJson);
        List<Summary.Row> summary = Summary.rows(rounds);
        ArrayNode s = report.putArray("summary");
        summary.forEach(row -> s.add(row.toJson()));
        if (reference.isPresent()) {
            report.set("reference", reference.get().toJson());
        } else {
            report.putNull("reference");
        }
        ObjectNode w = report.putObject("writes");
        w.put("acknowledged", workload.acknowledgedWrites());
        w.put("failed", workload.totalFailedWrites());
        ArrayNode m = w.putArray("missingAfterwards");
        missing.forEach(m::add);
        boolean completed = missing.isEmpty() && rounds.stream().allMatch(r -> r.error == null);
        boolean pass = completed && rounds.stream().allMatch(Round::pass);
        report.put("verdict", pass ? "PASS" : "FAIL");

        out.println();
        out.println(Summary.header());
        summary.forEach(row -> out.println(row.line()));
        reference.ifPresent(r -> out.println(r.line()));
        out.printf(
                "acknowledged writes %d, failed writes %d, acknowledged writes missing afterwards %d%n",
                workload.acknowledgedWrites(), workload.totalFailedWrites(), missing.size());
        missing.forEach(x -> out.println("  missing: " + x));
        try {
            Files.createDirectories(reportDir);
            Path json = reportDir.resolve("report.json");
            Path html = reportDir.resolve("report.html");
            Files.writeString(json, JSON.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
            Files.writeString(html, DrillReportHtml.render(report), StandardCharsets.UTF_8);
            out.printf(
                    "Verdict %s; report %s (%d bytes) and %s (%d bytes)%n",
                    pass ? "PASS" : "FAIL", json, Files.size(json), html, Files.size(html));
            out.flush();
            return new Outcome(json, html, completed, pass);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the drill report into " + reportDir, e);
        }
    }
}
