package org.entsso.cluster.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.ClusterTlsException;
import org.entsso.cluster.ClusterUnavailableException;
import org.entsso.cluster.ZkCredentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ops/bin/cluster}: the FailoverClusters cmdlets (anchors/wsfc.md §4) against a running cluster, through
 * ZooKeeper, plus the scenario simulator. Errors print one line on stderr and exit non-zero ({@link ExitCodes}).
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // every verb answers --help and --version too
        version = "cluster (Enterprise SSO HA) 0.1",
        description = "Administers a WSFC-style cluster through ZooKeeper with the FailoverClusters verbs, or runs"
                + " a failover scenario on an embedded ensemble (simulate).",
        subcommands = {
            GroupCommand.class,
            ResourceCommand.class,
            CheckpointCommand.class,
            NodeCommand.class,
            LogCommand.class,
            SimulateCommand.class,
            SandboxCommand.class
        },
        footer = {
            "",
            "Environment:",
            "  ENTSSO_ZK        ZooKeeper connect string (instead of --zk)",
            "  ENTSSO_CLUSTER   cluster name (instead of --cluster; default cluster1)",
            "  ENTSSO_ZK_AUTH   user:password for a protected cluster (or --zk-auth-file)",
            "  ENTSSO_ZK_KEYSTORE, ENTSSO_ZK_KEYSTORE_PASSWORD_FILE, ENTSSO_ZK_TRUSTSTORE",
            "                   the TLS files (instead of --zk-keystore, --zk-keystore-password-file,",
            "                   --zk-truststore); ZooKeeper is reached over TLS unless",
            "  ENTSSO_ZK_PLAINTEXT=true  (or --zk-plaintext) asks for plaintext",
            "",
            "Exit codes:",
            "  0  done",
            "  1  the cluster refused the command; for simulate, an expectation failed",
            "  2  bad command line or scenario file",
            "  3  ZooKeeper could not be reached, or refused the TLS handshake",
            "",
            "Verbs and examples: ops/README.md; scenario language: ops/scenarios/README.md."
        })
public final class ClusterCommand implements Callable<Integer> {
    static final String ENV_ZK = "ENTSSO_ZK";
    static final String ENV_CLUSTER = "ENTSSO_CLUSTER";
    static final String ENV_AUTH = "ENTSSO_ZK_AUTH";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-z", "--zk"},
            paramLabel = "HOST:PORT[,...]",
            description = "ZooKeeper connect string (default: $ENTSSO_ZK).")
    String zk;

    @Option(
            names = {"-c", "--cluster"},
            paramLabel = "NAME",
            description = "Cluster name (default: $ENTSSO_CLUSTER, else cluster1).")
    String clusterName;

    @Option(
            names = "--zk-auth-file",
            paramLabel = "FILE",
            description = "File whose first line is user:password for a protected cluster (default: $ENTSSO_ZK_AUTH).")
    Path authFile;

    @Option(
            names = "--connect-timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            converter = Durations.WaitConverter.class,
            description = "How long to try to reach ZooKeeper (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Mixin
    ZkTlsOptions tls = new ZkTlsOptions();

    private final Map<String, String> env;
    private final Function<ClusterConnection, ClusterAdmin> connector;
    private PrintWriter out;
    private PrintWriter err;

    ClusterCommand(Map<String, String> env, Function<ClusterConnection, ClusterAdmin> connector) {
        this.env = env;
        this.connector = connector;
    }

    /** Runs the command line; exits with its code. */
    public static void main(String... args) {
        int code = run(System.out, System.err, args);
        System.exit(code);
    }

    /** Runs the command line against the real cluster and environment; returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(out, err, System.getenv(), ClusterAdmin::connect, args);
    }

    /** Runs the command line with an injected environment and connector (tests). */
    static int run(
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            Function<ClusterConnection, ClusterAdmin> connector,
            String... args) {
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        ClusterCommand root = new ClusterCommand(env, connector);
        root.out = outWriter;
        root.err = errWriter;
        CommandLine commandLine = new CommandLine(root)
                .setOut(outWriter)
                .setErr(errWriter)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(ClusterCommand::onBadArguments)
                .setExecutionExceptionHandler((e, cmd, parsed) -> onFailure(e, root, errWriter));
        try {
            return commandLine.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** {@code cluster} alone prints the usage and fails: a verb is required. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: one of " + subcommandNames(spec));
    }

    @Command(name = "get-property", description = "Shows the cluster's properties, or the value of one.")
    int getProperty(@Parameters(arity = "0..1", paramLabel = "PROPERTY") String property) {
        try (ClusterAdmin admin = connect()) {
            Properties.print(out, "cluster", "cluster", admin.clusterProperties(), property);
        }
        return ExitCodes.OK;
    }

    @Command(name = "set-property", description = "Sets a cluster property, e.g. ClusterEnforcedAntiAffinity 1.")
    int setProperty(
            @Parameters(index = "0", paramLabel = "PROPERTY") String property,
            @Parameters(index = "1", paramLabel = "VALUE") String value) {
        try (ClusterAdmin admin = connect()) {
            admin.setClusterProperty(property, value);
        }
        return ExitCodes.OK;
    }

    PrintWriter out() {
        return out;
    }

    /**
     * The local time zone of {@code --use-local-time}: the environment's {@code TZ} when it names a zone (as the JVM
     * reads it on Linux; the injected environment in tests), else the JVM's default zone.
     */
    ZoneId localZone() {
        String tz = env.get("TZ");
        if (tz != null && !tz.isBlank()) {
            try {
                return ZoneId.of(tz.strip().startsWith(":") ? tz.strip().substring(1) : tz.strip());
            } catch (DateTimeException e) {
                return ZoneId.systemDefault(); // a POSIX rule such as EST5EDT4: the JVM has made its own sense of it
            }
        }
        return ZoneId.systemDefault();
    }

    PrintWriter err() {
        return err;
    }

    /** Opens an admin connection from the flags and environment; the caller closes it. */
    ClusterAdmin connect() {
        return connector.apply(connection());
    }

    ClusterConnection connection() {
        String connectString = firstNonBlank(zk, env.get(ENV_ZK))
                .orElseThrow(() -> new UsageException(
                        "No ZooKeeper connect string: pass --zk HOST:PORT[,...] or set " + ENV_ZK + "."));
        String name = firstNonBlank(clusterName, env.get(ENV_CLUSTER)).orElse(ClusterConnection.DEFAULT_CLUSTER_NAME);
        ClusterConnection connection;
        try {
            connection = new ClusterConnection(
                    connectString, name, null, connectTimeout, Optional.empty(), tls.resolve(env));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return credentials().map(connection::withCredentials).orElse(connection);
    }

    private Optional<ZkCredentials> credentials() {
        String text;
        String source;
        if (authFile != null) {
            source = "The file " + authFile;
            try {
                text = Files.readAllLines(authFile, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.isBlank())
                        .findFirst()
                        .orElse("");
            } catch (IOException e) {
                throw new UsageException("Cannot read --zk-auth-file " + authFile + ": " + e.getMessage());
            }
        } else if (env.get(ENV_AUTH) != null && !env.get(ENV_AUTH).isBlank()) {
            source = ENV_AUTH;
            text = env.get(ENV_AUTH);
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(ZkCredentials.parse(text.strip()));
        } catch (IllegalArgumentException e) {
            // never echo the value: it holds a password
            throw new UsageException(source + " must hold user:password (" + e.getMessage() + ").");
        }
    }

    private static Optional<String> firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return Optional.of(a.strip());
        }
        return b != null && !b.isBlank() ? Optional.of(b.strip()) : Optional.empty();
    }

    static String subcommandNames(CommandLine.Model.CommandSpec spec) {
        return String.join(", ", spec.subcommands().keySet());
    }

    private static int onBadArguments(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
        cmd.getErr().flush();
        return ExitCodes.USAGE;
    }

    private static int onFailure(Exception e, ClusterCommand root, PrintWriter err) {
        int code;
        String message;
        if (e instanceof UsageException) {
            code = ExitCodes.USAGE;
            message = e.getMessage();
        } else if (e instanceof ClusterTlsException) {
            code = ExitCodes.UNAVAILABLE;
            message = e.getMessage() + " (check --zk-keystore, --zk-keystore-password-file and --zk-truststore)";
        } else if (e instanceof ClusterUnavailableException) {
            code = ExitCodes.UNAVAILABLE;
            String detail = e.getMessage() == null ? "" : e.getMessage();
            message = (detail.startsWith("ZooKeeper at ")
                            ? detail
                            : "ZooKeeper at " + root.describeTarget() + " could not be reached: " + detail)
                    + " (check --zk or " + ENV_ZK + ", and that the ensemble is running)";
        } else if (e instanceof ClusterException) {
            code = ExitCodes.CLUSTER_ERROR;
            message = e.getMessage();
        } else if (e instanceof UnsupportedOperationException) {
            code = ExitCodes.CLUSTER_ERROR;
            message = "This build has no cluster engine yet (" + e.getMessage() + ").";
        } else if (e instanceof IllegalArgumentException) {
            code = ExitCodes.USAGE;
            message = e.getMessage();
        } else {
            code = ExitCodes.CLUSTER_ERROR;
            message = "Unexpected error: " + e;
        }
        err.println("cluster: " + oneLine(message));
        err.flush();
        return code;
    }

    private String describeTarget() {
        return firstNonBlank(zk, env.get(ENV_ZK)).orElse("(no connect string)");
    }

    static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
