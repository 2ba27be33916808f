package org.entsso.sso.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.NodeRole;
import org.entsso.sso.node.ClusterInit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sso-init}: initialises a new cluster ({@link ClusterInit}). The backup password is prompted twice without
 * echo, or read from an owner-only file for scripts ({@code --password-file}, as ssoconfig). Errors print one line and exit 2.
 */
@Command(
        name = "sso-init",
        mixinStandardHelpOptions = true,
        description = "Creates a new cluster's CA, node certificates and configurations, first master secret and its"
                + " backup, first SSO administrator, and the SSO database schema.")
public final class InitCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "An empty or new folder to write everything into.")
    Path dir;

    @Option(
            names = "--cluster",
            defaultValue = "cluster1",
            description = "The cluster name (default ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--zookeeper", required = true, description = "The ZooKeeper connect string, host:port,...")
    String zooKeeper;

    @Option(names = "--session-timeout", defaultValue = "4s", description = "ZooKeeper session timeout (default 4s).")
    String sessionTimeout;

    @Option(
            names = "--zookeeper-plaintext",
            description = "The ensemble has no TLS: write zookeeper.tls=false for the nodes and the administrator and"
                    + " issue no ZooKeeper server certificates. By default ZooKeeper is reached over TLS with"
                    + " certificates from the new cluster CA, and one is issued per --zookeeper server.")
    boolean zooKeeperPlaintext;

    @Option(names = "--database", required = true, description = "The SSO database's JDBC URL.")
    String database;

    @Option(
            names = "--node",
            required = true,
            paramLabel = "NAME=HOST:API_PORT:MSS_PORT[:sso-server]",
            description = "A node; append :sso-server for a node that must never run the master secret service.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--admin", defaultValue = "LOCAL\\ssoadmin", description = "The first SSO administrator.")
    String administrator;

    @Option(
            names = {"--password-file", "--backup-password-file"},
            description = "An owner-only file with the backup password (as ssoconfig --password-file).")
    Path backupPasswordFile;

    @Option(names = "--reminder", defaultValue = "", description = "The backup password reminder (not secret).")
    String reminder;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point of {@code ops/bin/sso-init}. */
    public static void main(String... args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cl = new CommandLine(new InitCommand());
        PrintWriter err = cl.getErr();
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("sso-init: " + e.getMessage() + " (see sso-init --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            err.println("sso-init: " + e.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        List<ClusterInit.NodePlan> plans = new ArrayList<>();
        for (String n : nodes) {
            plans.add(parseNode(n));
        }
        char[] password = backupPassword();
        try {
            ClusterInit.Plan plan = new ClusterInit.Plan(
                    dir.toAbsolutePath(),
                    cluster,
                    zooKeeper,
                    sessionTimeout,
                    database,
                    plans,
                    administrator,
                    password,
                    reminder);
            ClusterInit.Result result = ClusterInit.run(zooKeeperPlaintext ? plan.withPlaintextZooKeeper() : plan);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Initialised cluster " + cluster + " in " + dir.toAbsolutePath());
            out.println("  master secret " + result.msid() + ", backed up to " + result.backupFile());
            for (Map.Entry<String, Path> e : result.nodeConfigs().entrySet()) {
                out.println("  node " + e.getKey() + ": ssod --config " + e.getValue());
            }
            out.println("  SSO administrator " + administrator + ": " + result.clientConfig());
            for (Path server : result.zooKeeperServers()) {
                out.println("  ZooKeeper server " + server.getFileName() + ": add " + server.resolve("zoo-tls.cfg")
                        + " to its zoo.cfg");
            }
            if (zooKeeperPlaintext) {
                out.println("ZooKeeper traffic will not be encrypted (--zookeeper-plaintext).");
            }
            out.println("Keep the backup file and its password apart, off these machines.");
            out.flush();
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static ClusterInit.NodePlan parseNode(String text) {
        String[] nameRest = text.split("=", 2);
        String[] parts = nameRest.length == 2 ? nameRest[1].split(":") : new String[0];
        if (parts.length < 3 || parts.length > 4) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT, "--node " + text + " is not NAME=HOST:API_PORT:MSS_PORT[:sso-server]");
        }
        Set<NodeRole> roles = EnumSet.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER);
        if (parts.length == 4) {
            if (!parts[3].equals("sso-server")) {
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT, "--node " + text + ": the only role suffix is :sso-server");
            }
            roles = EnumSet.of(NodeRole.SSO_SERVER);
        }
        return new ClusterInit.NodePlan(nameRest[0], parts[0], port(text, parts[1]), port(text, parts[2]), roles);
    }

    private static int port(String node, String value) {
        int p;
        try {
            p = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw notAPort(node, value);
        }
        if (p < 1 || p > 65535) {
            throw notAPort(node, value);
        }
        return p;
    }

    private static SsoException notAPort(String node, String value) {
        return new SsoException(SsoError.INVALID_ARGUMENT, "--node " + node + ": '" + value + "' is not a port");
    }

    private char[] backupPassword() {
        return new BackupPasswords(backupPasswordFile, Terminal.system()).forNewBackup();
    }
}
