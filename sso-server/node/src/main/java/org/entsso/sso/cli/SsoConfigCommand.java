package org.entsso.sso.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.mss.SecretAdminClient;
import org.entsso.sso.mss.SecretBackup;
import org.entsso.sso.mss.SecretStatus;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ssoconfig}: ENTSSO's commands (anchors/entsso.md §2): the master secret ones against the master secret server's
 * secret endpoints ({@link SecretAdminClient}), {@code -auditlevel} and {@code -remoteLookup} against any SSO server
 * ({@link GlobalVerbs}), {@code -showdb} ({@link DatabaseLocation}) and {@code -showReminder} locally, as an SSO
 * administrator whose certificate a {@code client.properties} names.
 * Option names are case-insensitive, as ENTSSO's are. Errors are one line {@code ssoconfig: [code] sentence}; exit 2
 * for usage and local configuration, 1 for a refusal or an unreachable master secret server, 3 for a status that
 * carries the 10589 warning. Passwords are cleared after use and never printed.
 */
@Command(
        name = "ssoconfig",
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Generates, backs up and restores the master secret, and shows its status, on the master secret server"
                    + " (found through the cluster's ZooKeeper by its network name, or given with --endpoint); sets the"
                    + " audit levels and remote lookup of every SSO server (through any SSO server of the"
                    + " client.properties); shows this machine's SSO database and a backup file's password reminder.",
            "Option names are case-insensitive: -generatesecret, -GENERATESECRET and -generateSecret are the same."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done; -status: the current secret is backed up",
            "1:refused or failed on the master secret server or an SSO server: [11042] not an SSO administrator,"
                    + " [10815] incorrect password or foreign secret, [10564] not a backup file, [10814] re-encryption"
                    + " in progress, [10783] no master secret server online, [10532] it cannot be reached",
            "2:usage, configuration or local file problem ([15000]): bad options or levels, missing"
                    + " client.properties, node.properties or backup file, existing backup file without --force, no"
                    + " terminal and no --password-file",
            "3:-status only: the current secret has not been backed up (warning 10589)"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ssoconfig -generateSecret /media/usb/SSO-2026-11-27.bak",
            "  ssoconfig -backupSecret backup.bak --password-file ~/.sso-backup.pwd --reminder 'the usual'",
            "  ssoconfig -restoreSecret backup.bak --config /etc/entsso/admin/client.properties",
            "  ssoconfig -status",
            "  ssoconfig -showdb --node-config /etc/entsso/node.properties",
            "  ssoconfig -auditlevel 1 2",
            "  ssoconfig -remoteLookup no",
            "  ssoconfig -showReminder /media/usb/SSO-2026-11-27.bak"
        })
public final class SsoConfigCommand implements Callable<Integer> {
    static final int EXIT_REFUSED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_NOT_BACKED_UP = 3;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Commands (exactly one):%n")
    ConfigVerb verb;

    @Option(
            names = "--config",
            paramLabel = "<client.properties>",
            description = "The SSO administrator's client configuration (default: $ENTSSO_CLIENT_CONFIG, else"
                    + " client.properties in the current folder).")
    Path config;

    @Option(
            names = "--node-config",
            paramLabel = "<node.properties>",
            description = "-showdb: the configuration of this machine's SSO server (default: $ENTSSO_NODE_CONFIG, else"
                    + " node.properties in the current folder).")
    Path nodeConfig;

    @Option(
            names = "--password-file",
            paramLabel = "<file>",
            description = "An owner-only file holding the backup file password, for scripts (default: prompted"
                    + " without echo; twice for a new backup).")
    Path passwordFile;

    @Option(
            names = "--reminder",
            paramLabel = "<text>",
            description = "The password reminder stored in a new backup file, readable without the password.")
    String reminder;

    @Option(names = "--force", description = "Lets -generateSecret/-backupSecret replace an existing backup file.")
    boolean force;

    @Option(
            names = "--network-name",
            paramLabel = "<name>",
            defaultValue = "ENTSSO",
            description = "The master secret server's network name (default ${DEFAULT-VALUE}).")
    String networkName;

    @Option(
            names = "--endpoint",
            paramLabel = "<https://host:port>",
            description = "The master secret server's endpoint; ZooKeeper is not consulted.")
    URI endpoint;

    @Option(
            names = {"-h", "--help", "-?"},
            usageHelp = true,
            description = "Shows this help.")
    boolean help;

    private final Optional<Terminal> terminal;
    private PrintWriter out;

    private SsoConfigCommand(Optional<Terminal> terminal) {
        this.terminal = terminal;
    }

    /** Entry point of {@code ops/bin/ssoconfig}. */
    public static void main(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /** Runs the command with the process's terminal (if any); returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(Terminal.system(), out, err, args);
    }

    static int run(Optional<Terminal> terminal, PrintWriter out, PrintWriter err, String... args) {
        SsoConfigCommand command = new SsoConfigCommand(terminal);
        command.out = out;
        CommandLine cl = new CommandLine(command);
        cl.setOptionsCaseInsensitive(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            String message = e.getMessage().startsWith("Error: ")
                    ? e.getMessage().substring("Error: ".length())
                    : e.getMessage();
            err.println("ssoconfig: " + message.replace('\n', ' ').strip() + " (see ssoconfig --help)");
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            err.println("ssoconfig: " + ConfigFailure.oneLine(e));
            err.flush();
            return ConfigFailure.exitCode(e);
        });
        int code = cl.execute(args);
        out.flush();
        return code;
    }

    @Override
    public Integer call() {
        BackupPasswords passwords = new BackupPasswords(passwordFile, terminal);
        if (verb.status) {
            return status();
        }
        if (verb.showDb) {
            DatabaseLocation.print(nodeConfig, out);
            return 0;
        }
        if (verb.auditLevels != null) {
            GlobalVerbs.auditLevels(config, verb.auditLevels[0], verb.auditLevels[1], out);
            return 0;
        }
        if (verb.remoteLookup != null) {
            GlobalVerbs.remoteLookup(config, verb.remoteLookup, out);
            return 0;
        }
        if (verb.showReminder != null) {
            return showReminder(verb.showReminder);
        }
        if (verb.generate != null || verb.backup != null) {
            return newBackup(verb.generate != null, verb.generate != null ? verb.generate : verb.backup, passwords);
        }
        return restore(verb.restore, passwords);
    }

    private int status() {
        AdminSession session = AdminSession.open(config, networkName, endpoint);
        try (SecretAdminClient client = session.client()) {
            SecretStatus status = client.status();
            StatusReport.print(out, session.located(), status, Instant.now());
            return status.backupWarning().isPresent() ? EXIT_NOT_BACKED_UP : 0;
        }
    }

    private int newBackup(boolean generate, Path file, BackupPasswords passwords) {
        BackupFileIo.Pending pending = BackupFileIo.prepare(file, force);
        char[] password = null;
        byte[] bytes = null;
        try {
            password = passwords.forNewBackup();
            String hint = passwords.reminder(reminder);
            AdminSession session = AdminSession.open(config, networkName, endpoint);
            SecretBackup result;
            try (SecretAdminClient client = session.client()) {
                result = generate ? client.generate(password, hint) : client.backup(password, hint);
            }
            bytes = result.backup();
            try {
                pending.commit(bytes);
            } catch (IOException e) {
                throw new ConfigFailure(
                        EXIT_REFUSED,
                        "The master secret " + result.msid() + " was " + (generate ? "generated" : "backed up")
                                + ", but its backup file could not be written to " + file.toAbsolutePath() + " ("
                                + (e instanceof java.nio.file.FileAlreadyExistsException
                                        ? "the file appeared meanwhile"
                                        : ConfigFailure.oneLine(e))
                                + "). Take a backup now: ssoconfig -backupSecret <backupFile>");
            }
            if (generate) {
                out.println("The master secret was generated: " + result.msid() + ".");
                out.println("A backup was written to " + file.toAbsolutePath() + ".");
                out.println("Re-encryption of the SSO database under the new secret has started (see ssoconfig"
                        + " -status).");
            } else {
                out.println("The master secret " + result.msid() + " was backed up to " + file.toAbsolutePath() + ".");
            }
            out.println("Keep the backup file and its password apart, off the SSO servers.");
            out.println("The operation completed successfully.");
            return 0;
        } finally {
            pending.discard();
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    private int restore(Path file, BackupPasswords passwords) {
        byte[] bytes = BackupFileIo.read(file);
        char[] password = null;
        try {
            if (passwordFile == null && terminal.isPresent()) {
                reminderOf(file).ifPresent(r -> out.println("Password reminder: " + r));
                out.flush();
            }
            password = passwords.forExistingBackup();
            AdminSession session = AdminSession.open(config, networkName, endpoint);
            UUID msid;
            try (SecretAdminClient client = session.client()) {
                msid = client.restore(bytes, password);
            }
            out.println("The master secret was restored: " + msid + ".");
            out.println("The operation completed successfully.");
            return 0;
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** ENTSSO's GetFilePasswordReminder: the reminder only, read without the password (10564 for another file). */
    private int showReminder(Path file) {
        Arrays.fill(BackupFileIo.read(file), (byte) 0); // checks the format: 10564 for anything but a backup file
        Optional<String> reminder = BackupFile.readReminder(file);
        out.println(reminder.map(r -> "Password reminder: " + r)
                .orElse("The backup file " + file.toAbsolutePath() + " holds no password reminder."));
        return 0;
    }

    private static Optional<String> reminderOf(Path file) {
        try {
            return Files.isRegularFile(file) ? BackupFile.readReminder(file) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // the restore itself reports a bad file
        }
    }
}
