package org.entsso.sso.local;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entsso.cluster.ZkTls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops/sso-cluster up|down|status}: the local embedded cluster ({@link LocalCluster}). Errors exit 2. */
@Command(name = "sso-cluster", mixinStandardHelpOptions = true, description = "Runs a local cluster on 127.0.0.1.")
public final class LocalClusterCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            description = "up, down, status, or drill (up, failover rounds under load with figures, then down)")
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
            defaultValue = "4000",
            description = "ZooKeeper session timeout, ms (default ${DEFAULT-VALUE}).")
    long sessionTimeoutMillis;

    @Option(names = "--rounds", defaultValue = "3", description = "Drill rounds (default ${DEFAULT-VALUE}).")
    int rounds;

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
        LocalCluster cluster = new LocalCluster(new LocalCluster.Options(
                dir,
                basePort,
                nodes,
                Duration.ofMillis(sessionTimeoutMillis),
                List.of("-Xmx256m", "-XX:+UseSerialGC")));
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
                out.printf(
                        "Drill: %d rounds on %d nodes, ZooKeeper session timeout %d ms, in %s%n",
                        rounds, nodes, sessionTimeoutMillis, dir.toAbsolutePath());
                out.flush();
                try {
                    cluster.up();
                    new Drill(cluster, out).run(rounds);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                } finally {
                    cluster.down();
                }
            }
            default -> {
                spec.commandLine()
                        .getErr()
                        .println("sso-cluster: unknown verb '" + verb + "'; use up, down, status or drill");
                return 2;
            }
        }
        out.flush();
        return 0;
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
}
