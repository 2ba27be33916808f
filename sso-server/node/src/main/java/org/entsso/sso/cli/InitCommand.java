package org.entsso.sso.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.node.ClusterInit;
import org.entsso.sso.tls.NodeRole;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sso-init}: initialises a new cluster ({@link ClusterInit}). The backup password is prompted twice without
 * echo, or read from an owner-only file for scripts ({@code --password-file}, as ssoconfig). Errors print one line and exit 2.
 * Its subcommands onboard into an initialised cluster ({@link IssueClientCommand}, {@link RevokeCommand},
 * {@link AddNodeCommand}, {@link RemoveNodeCommand}); they exit 1 for a refusal and 2 for usage.
 */
@Command(
        name = "sso-init",
        mixinStandardHelpOptions = true,
        description = {
            "Creates a new cluster's CA, node certificates and configurations, first master secret and its backup,"
                    + " first SSO administrator, and the SSO database schema.",
            "Disaster recovery: with --restore-secret, creates the same for a database that survived its cluster, but"
                    + " the nodes get the secret of that SSO system's backup file instead of a new one.",
            "Its commands then onboard into that cluster folder: issue-client and revoke for client certificates,"
                    + " add-node and remove-node for nodes (sso-init COMMAND --help)."
        },
        subcommands = {IssueClientCommand.class, RevokeCommand.class, AddNodeCommand.class, RemoveNodeCommand.class})
public final class InitCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "An empty or new folder to write everything into (required).")
    Path dir;

    @Option(
            names = "--cluster",
            defaultValue = "cluster1",
            description = "The cluster name (default ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--zookeeper", description = "The ZooKeeper connect string, host:port,... (required)")
    String zooKeeper;

    @Option(names = "--session-timeout", defaultValue = "4s", description = "ZooKeeper session timeout (default 4s).")
    String sessionTimeout;

    @Option(
            names = "--zookeeper-plaintext",
            description = "The ensemble has no TLS: write zookeeper.tls=false for the nodes and the administrator and"
                    + " issue no ZooKeeper server certificates. By default ZooKeeper is reached over TLS with"
                    + " certificates from the new cluster CA, and one is issued per --zookeeper server.")
    boolean zooKeeperPlaintext;

    @Option(names = "--database", description = "The SSO database's JDBC URL (required).")
    String database;

    @Option(
            names = "--database-user",
            description = "The database login (written as database.user; default: the driver's, sa for H2).")
    String databaseUser;

    @Option(
            names = "--database-password-file",
            description = "An owner-only file with the database login's password (written as database.passwordFile).")
    Path databasePasswordFile;

    @Option(
            names = "--database-plaintext",
            description = "Explicit opt-out: nodes reach an H2 server without their TLS tunnel, and a SQL Server URL"
                    + " may turn encryption or certificate validation off (database.plaintext=true).")
    boolean databasePlaintext;

    @Option(
            names = "--database-certificate",
            paramLabel = "HOST",
            description = "First step for an H2 server reached over TLS: create the CA and the database server's"
                    + " certificate for HOST in <dir>/database, and stop; start the H2 server with it, then run"
                    + " sso-init again with the same --dir and --cluster.")
    String databaseCertificateHost;

    @Option(
            names = "--node",
            paramLabel = "NAME=HOST:API_PORT:MSS_PORT[:sso-server]",
            description = "A node; append :sso-server for a node that must never run the master secret service"
                    + " (required).")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--admin", defaultValue = "LOCAL\\ssoadmin", description = "The first SSO administrator.")
    String administrator;

    @Option(
            names = {"--password-file", "--backup-password-file"},
            description = "An owner-only file with the backup password (as ssoconfig --password-file).")
    Path backupPasswordFile;

    @Option(names = "--reminder", defaultValue = "", description = "The backup password reminder (not secret).")
    String reminder;

    @Option(
            names = "--restore-secret",
            paramLabel = "BACKUP_FILE",
            description = "Disaster recovery: the --database already holds this SSO system's data; give its backup"
                    + " file (opened with --password-file, or prompted once) instead of generating a first secret."
                    + " Refused if the database holds no master secret or the backup lacks the one its data is under.")
    Path restoreSecret;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point of {@code ops/bin/sso-init}. */
    public static void main(String... args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs sso-init or one of its commands, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new InitCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            String name = e.getCommandLine().getCommandName();
            String command = name.equals("sso-init") ? "sso-init" : "sso-init " + name;
            err.println(command + ": " + e.getMessage().replace('\n', ' ').strip() + " (see " + command + " --help)");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            boolean verb = !(c.getCommand() instanceof InitCommand);
            err.println((verb ? "sso-init " + c.getCommandName() : "sso-init") + ": " + ConfigFailure.oneLine(e));
            err.flush();
            return verb ? verbExitCode(e) : 2;
        });
        int code = cl.execute(args);
        out.flush();
        return code;
    }

    /** A command's exit: 2 for usage and configuration (15000), 1 for a refusal or an unreachable cluster. */
    private static int verbExitCode(Exception e) {
        return e instanceof IllegalStateException ? SsoConfigCommand.EXIT_REFUSED : ConfigFailure.exitCode(e);
    }

    @Override
    public Integer call() {
        requireOption(dir == null ? null : dir.toString(), "--dir=<dir>");
        if (databaseCertificateHost != null) {
            return databaseCertificate();
        }
        requireOption(zooKeeper, "--zookeeper=<zooKeeper>");
        requireOption(database, "--database=<database>");
        if (nodes.isEmpty()) {
            requireOption(null, "--node=NAME=HOST:API_PORT:MSS_PORT[:sso-server]");
        }
        List<ClusterInit.NodePlan> plans = new ArrayList<>();
        for (String n : nodes) {
            plans.add(parseNode(n));
        }
        char[] password = restoreSecret == null ? backupPassword() : restorePassword();
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
                    reminder,
                    databaseUser == null && databasePasswordFile != null ? "sa" : databaseUser,
                    databasePasswordFile,
                    !zooKeeperPlaintext,
                    databasePlaintext,
                    restoreSecret);
            ClusterInit.Result result = ClusterInit.run(plan);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Initialised cluster " + cluster + " in " + dir.toAbsolutePath());
            out.println(
                    result.restored()
                            ? "  master secret " + result.msid() + " restored from " + result.backupFile()
                                    + "; the SSO database's values decrypt with it"
                            : "  master secret " + result.msid() + ", backed up to " + result.backupFile());
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

    /** The first step for an H2 server reached over TLS: the CA and the database server's certificate. */
    private int databaseCertificate() {
        Path folder = dir.toAbsolutePath();
        ClusterPki.createCa(folder, cluster);
        Path databaseDir = ClusterPki.issueDatabaseServer(folder, databaseCertificateHost);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created the CA of cluster " + cluster + " in " + folder.resolve("ca") + " and the SSO database"
                + " server's certificate for " + databaseCertificateHost + " in " + databaseDir);
        out.println("Start the H2 server with --key-store " + databaseDir.resolve(ClusterPki.DATABASE_KEY_STORE)
                + " --key-store-password-file " + databaseDir.resolve(ClusterPki.DATABASE_KEY_STORE + ".pwd")
                + " --trust-store " + databaseDir.resolve("ca.pem") + ", then run sso-init again with --dir " + folder
                + " --cluster " + cluster + " and the database, nodes and ZooKeeper.");
        out.flush();
        return 0;
    }

    private void requireOption(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '" + option + "'");
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

    /** The restored file's password: as ssoconfig -restoreSecret, its reminder is shown before the prompt. */
    private char[] restorePassword() {
        Optional<Terminal> terminal = Terminal.system();
        if (backupPasswordFile == null && terminal.isPresent()) {
            Arrays.fill(BackupFileIo.read(restoreSecret), (byte) 0); // 10564 before a prompt for a file that is not one
            BackupFile.readReminder(restoreSecret)
                    .ifPresent(r -> spec.commandLine().getOut().println("Password reminder: " + r));
            spec.commandLine().getOut().flush();
        }
        return new BackupPasswords(backupPasswordFile, terminal).forExistingBackup();
    }
}
