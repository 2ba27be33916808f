package org.entsso.sso.local;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.entsso.cluster.ZkTls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ops/sso-cluster up|down|status|drill}: the local embedded cluster ({@link LocalCluster}) and the failover drill
 * ({@link Drill}). Exit codes: 0 done (a drill ran every round and lost no acknowledged write; its verdict is in the
 * report), 1 a drill round could not finish or an acknowledged write was lost, 2 bad command line or an error, 3 with
 * {@code --strict}, a contract check failed.
 */
@Command(
        name = "sso-cluster",
        mixinStandardHelpOptions = true,
        description = "Runs a local cluster on 127.0.0.1, and failover drills on it or on a running cluster.",
        footer = {
            "",
            "Exit codes:",
            "  0  done; for drill: every round ran and no acknowledged write was lost (verdict in report.json)",
            "  1  drill: a round could not finish, or an acknowledged write was lost",
            "  2  bad command line, or the cluster could not be started",
            "  3  drill --strict: a contract check of DESIGN.md failed; soak: the profile did not hold",
            "",
            "Drill kinds, reports and remote drills: ops/README.md, \"Drills\"."
        })
public final class LocalClusterCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            description =
                    "up, down, status, drill (up, failover rounds under load with a report, then down), or soak (up,"
                            + " load with no fault for --minutes, counting false failovers and GC pauses, then down)")
    String verb;

    @Option(
            names = "--dir",
            defaultValue = "ops/local-cluster",
            description = "The cluster's folder (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
            names = "--base-port",
            defaultValue = "17000",
            description = "First port of the block (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--nodes", defaultValue = "3", description = "Node processes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--session-timeout",
            description = "ZooKeeper session timeout, ms (default 4000; 2000 with --profile fast-detection).")
    Long sessionTimeoutMillis;

    @Option(
            names = "--profile",
            defaultValue = "default",
            description = "Detection profile of the nodes: default (4 s session, Serial GC) or fast-detection (2 s"
                    + " session, ZGC: pauses far below the session timeout). See ops/README.md, \"Soak\".")
    String profile;

    @Option(
            names = "--minutes",
            defaultValue = "30",
            description = "How long the soak runs (default ${DEFAULT-VALUE}).")
    int minutes;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Drill rounds of each kind (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--kinds",
            defaultValue = "kill,stop,move,rotate",
            description = "Drill kinds, comma-separated, or all (default ${DEFAULT-VALUE}): kill, stop, term, move,"
                    + " fail-resource, drain, zk-leader, zk-quorum, db-outage, rotate, rolling.")
    String kinds;

    @Option(
            names = "--soak",
            paramLabel = "MINUTES",
            description = "Instead of rounds: kinds picked at random among --kinds for this many minutes.")
    Integer soakMinutes;

    @Option(
            names = "--reference-rounds",
            description = "Rounds of the bare Curator LeaderLatch reference on the same ensemble (default: --rounds"
                    + " when kill is among the kinds, else 0).")
    Integer referenceRounds;

    @Option(
            names = "--lookup-rate",
            paramLabel = "PER_SECOND",
            description = "Lookups per second of the drill's load, between two readers on a fixed schedule (default"
                    + " 150); 0 runs the readers back to back, as fast as the cluster answers.")
    Double lookupRate;

    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            description = "How long the drill's load runs before the first round, 0-3600 (default 30).")
    Long warmupSeconds;

    private static final long MAX_WARMUP_SECONDS = 3600;

    @Option(
            names = "--report-dir",
            description = "Where report.json and report.html go (default <dir>/drill-reports/<time>).")
    Path reportDir;

    @Option(
            names = "--strict",
            description = "Exit 3 when a contract check of DESIGN.md failed (default: reported, exit 0).")
    boolean strict;

    @Option(
            names = "--remote",
            description = "Drill a running cluster instead of the local one: needs --client-config and --zk; only"
                    + " move, fail-resource, drain and rotate.")
    boolean remote;

    @Option(names = "--client-config", description = "The SSO administrator's client.properties (remote drills).")
    Path clientConfig;

    @Option(names = "--zk", description = "The ZooKeeper connect string (remote drills).")
    String zooKeeper;

    @Option(
            names = "--cluster-name",
            defaultValue = "local",
            description = "The cluster's name in ZooKeeper (remote drills; default ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(
            names = "--backup-password-file",
            description = "The backup password file, for the rotate kind of a remote drill.")
    Path backupPasswordFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point of {@code ops/sso-cluster}. */
    public static void main(String... args) {
        CommandLine cl = new CommandLine(new LocalClusterCommand());
        cl.setParameterExceptionHandler((e, a) -> {
            cl.getErr().println("sso-cluster: " + e.getMessage() + " (see sso-cluster --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            cl.getErr().println("sso-cluster: " + e.getMessage());
            return 2;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() {
        boolean fast;
        switch (profile) {
            case "default" -> fast = false;
            case "fast-detection" -> fast = true;
            default ->
                throw new IllegalArgumentException("unknown profile '" + profile + "'; use default or fast-detection");
        }
        if (sessionTimeoutMillis == null) {
            sessionTimeoutMillis = fast ? 2000L : 4000L;
        }
        LocalCluster cluster = new LocalCluster(new LocalCluster.Options(
                dir,
                basePort,
                nodes,
                Duration.ofMillis(sessionTimeoutMillis),
                fast ? List.of("-Xmx256m", "-XX:+UseZGC") : LocalCluster.DEFAULT_JVM));
        PrintWriter out = spec.commandLine().getOut();
        switch (verb) {
            case "up" -> {
                cluster.up();
                print(out, cluster.status());
                out.println("ZooKeeper: " + cluster.zooKeeperConnect()
                        + " (TLS only, client certificate from the cluster CA required)");
                out.println("Administrator client configuration: "
                        + cluster.adminClientConfig().toAbsolutePath());
                ZkTls tls = cluster.adminZooKeeperTls();
                out.println("For ops/bin/cluster: export ENTSSO_ZK=" + cluster.zooKeeperConnect()
                        + " ENTSSO_CLUSTER=local ENTSSO_ZK_KEYSTORE=" + tls.keyStore()
                        + " ENTSSO_ZK_KEYSTORE_PASSWORD_FILE=" + tls.keyStorePasswordFile()
                        + " ENTSSO_ZK_TRUSTSTORE=" + tls.trustStore());
                out.println("Logs: " + cluster.clusterDir().toAbsolutePath() + "/<node>/logs/ssod.log");
            }
            case "down" -> {
                cluster.down();
                print(out, cluster.status());
                out.println("Stopped; " + dir.toAbsolutePath() + " is left for inspection.");
            }
            case "status" -> print(out, cluster.status());
            case "drill" -> {
                return drill(cluster, out);
            }
            case "soak" -> {
                return soak(cluster, out);
            }
            default -> {
                spec.commandLine()
                        .getErr()
                        .println("sso-cluster: unknown verb '" + verb + "'; use up, down, status, drill or soak");
                return 2;
            }
        }
        out.flush();
        return 0;
    }

    private int soak(LocalCluster cluster, PrintWriter out) {
        if (minutes < 1 || minutes > 24 * 60) {
            throw new IllegalArgumentException("--minutes must be 1 to 1440, not " + minutes);
        }
        out.printf(
                "Soak: %d minutes under load, no fault injected; profile %s, session timeout %d ms, in %s%n",
                minutes, profile, sessionTimeoutMillis, dir.toAbsolutePath());
        out.flush();
        try (DownOnce down = new DownOnce(cluster)) {
            cluster.up();
            return new Soak(cluster, out).run(Duration.ofMinutes(minutes)).held() ? 0 : 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int drill(LocalCluster cluster, PrintWriter out) {
        List<DrillKind> chosen = DrillKind.parse(kinds);
        if (rounds < 1 || rounds > 1000) {
            throw new IllegalArgumentException("--rounds must be 1 to 1000, not " + rounds);
        }
        if (soakMinutes != null && (soakMinutes < 1 || soakMinutes > 24 * 60)) {
            throw new IllegalArgumentException("--soak must be 1 to 1440 minutes, not " + soakMinutes);
        }
        Optional<Duration> soak = Optional.ofNullable(soakMinutes).map(Duration::ofMinutes);
        Path reports = reportDir != null
                ? reportDir
                : (remote ? Path.of(".") : dir)
                        .resolve("drill-reports")
                        .resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                .withZone(ZoneOffset.UTC)
                                .format(Instant.now()));
        double rate = lookupRate == null ? Drill.Load.DEFAULT.lookupsPerSecond() : lookupRate;
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--lookup-rate is a number of lookups per second, 0 or more: " + rate);
        }
        if (warmupSeconds != null && (warmupSeconds < 0 || warmupSeconds > MAX_WARMUP_SECONDS)) {
            throw new IllegalArgumentException(
                    "--warmup is a number of seconds from 0 to " + MAX_WARMUP_SECONDS + ": " + warmupSeconds);
        }
        Drill.Load load = new Drill.Load(
                rate, warmupSeconds == null ? Drill.Load.DEFAULT.warmup() : Duration.ofSeconds(warmupSeconds));
        Drill drill;
        if (remote) {
            if (clientConfig == null || zooKeeper == null) {
                throw new IllegalArgumentException("a remote drill needs --client-config and --zk");
            }
            drill = new Drill(
                    DrillTarget.remote(clusterName, zooKeeper, clientConfig, Optional.ofNullable(backupPasswordFile)),
                    out,
                    reports,
                    load);
        } else {
            drill = Drill.local(cluster, out, reports, load);
        }
        int reference = referenceRounds != null
                ? referenceRounds
                : chosen.contains(DrillKind.KILL) && soak.isEmpty() ? rounds : 0;
        out.printf(
                "Drill: %s, kinds %s, %s, on %s; ZooKeeper session timeout %s; load %s and one writer after %d s of"
                        + " warm-up; report in %s%n",
                remote ? "remote" : nodes + " local nodes",
                DrillKind.ids(chosen),
                soak.map(d -> "soak of " + d.toMinutes() + " min").orElse(rounds + " rounds each"),
                remote ? zooKeeper : dir.toAbsolutePath(),
                remote ? "as configured" : sessionTimeoutMillis + " ms",
                rate == 0 ? "two readers back to back" : String.format("%.0f lookups/s", rate),
                load.warmup().toSeconds(),
                reports.toAbsolutePath());
        out.flush();
        try (DownOnce down = remote ? null : new DownOnce(cluster)) {
            if (!remote) {
                cluster.up();
            }
            Drill.Outcome outcome = drill.run(chosen, rounds, soak, remote ? 0 : reference);
            if (!outcome.completed()) {
                return 1;
            }
            return strict && !outcome.pass() ? 3 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static void print(PrintWriter out, Map<String, Optional<Long>> status) {
        out.printf("%-8s %-8s %s%n", "Name", "State", "Pid");
        out.printf("%-8s %-8s %s%n", "----", "-----", "---");
        status.forEach((name, pid) -> out.printf(
                "%-8s %-8s %s%n",
                name,
                pid.isPresent() ? "Running" : "Stopped",
                pid.map(String::valueOf).orElse("")));
    }

    /**
     * Brings the local cluster down once: when the drill or soak ends, or from a shutdown hook when it is stopped
     * (Ctrl-C, SIGTERM), so that no ZooKeeper, database or node process outlives the command that started it.
     */
    private static final class DownOnce implements AutoCloseable {
        private final LocalCluster cluster;
        private final AtomicBoolean done = new AtomicBoolean();
        private final Thread hook = new Thread(this::down, "sso-cluster-down");

        DownOnce(LocalCluster cluster) {
            this.cluster = cluster;
            Runtime.getRuntime().addShutdownHook(hook);
        }

        private void down() {
            if (done.compareAndSet(false, true)) {
                cluster.down();
            }
        }

        @Override
        public void close() {
            down();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook has run (or is running) down() already
            }
        }
    }
}
