package org.entsso.sso.store;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.tls.TlsMaterial;
import org.h2.api.ErrorCode;

/**
 * Runs the shared SSO database of a local cluster as its own process (DESIGN.md decisions 8 and 13): an {@link
 * H2DatabaseServer} serving {@code <baseDir>/sso}, by default behind a TLS front that requires a client certificate
 * of the cluster CA. Usage:
 *
 * <pre>
 * java -Dh2.bindAddress=127.0.0.1 ... H2ServerLauncher &lt;port|0&gt; &lt;baseDir&gt; [--host HOST] [--h2-port PORT]
 *     --key-store database.p12 --key-store-password-file database.p12.pwd --trust-store ca.pem [--crl ca.crl]
 *   | --plaintext
 * </pre>
 *
 * {@code port} is the TLS port on {@code --host} (default 127.0.0.1); H2 itself listens on {@code --h2-port} (default
 * any) of the loopback address only, which {@code -Dh2.bindAddress=127.0.0.1} makes so (H2 reads its bind address from
 * that property alone; without a loopback address there the launcher refuses to start). {@code --plaintext} is the
 * explicit, logged opt-out: H2 serves {@code port} itself, unencrypted, to local clients. Creates the database
 * (MSSQLServer mode) if missing, prints its JDBC URL (the TLS port's) as the first line of standard output, and stops
 * cleanly on SIGTERM (shutdown hook). Remote clients cannot create other databases ({@code -ifExists}).
 *
 * <p>The database's admin login {@link #USER} has a generated password (256 bits), kept in the owner-only file
 * {@code <baseDir>/}{@value #PASSWORD_FILE} ({@link #passwordFile}); every client reads it from there (nodes through
 * {@code database.passwordFile}). The file is generated with the database; a database an older version created with
 * H2's empty password is given the generated password ({@code ALTER USER}) when it still opens with the empty one. The
 * base directory is made {@code rwx------} and its files {@code rw-------} where the file system is POSIX, so other
 * local users can read neither the password nor the database file (which holds the SSO administrators' group).
 * Messages go to standard error and never contain a password.
 */
public final class H2ServerLauncher {
    /** The database's admin login. */
    public static final String USER = "sa";

    /** The name of the password file inside the base directory. */
    public static final String PASSWORD_FILE = "db-password";

    /** The JVM property H2 binds its TCP port to; the launcher requires a loopback address in it. */
    public static final String BIND_ADDRESS_PROPERTY = "h2.bindAddress";

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private H2ServerLauncher() {}

    /** Entry point; see the class comment. Exit code 2 for bad arguments or an unusable certificate. */
    public static void main(String[] args) throws SQLException, InterruptedException, IOException {
        H2ServerArguments arguments;
        Optional<TlsMaterial> tls;
        try {
            arguments = H2ServerArguments.parse(args);
            requireLoopbackBind();
            tls = arguments.tlsMaterial();
        } catch (IllegalArgumentException | SsoException e) {
            System.err.println("h2: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path baseDir = arguments.baseDir().toAbsolutePath();
        prepare(baseDir, System.err);
        H2DatabaseServer server = new H2DatabaseServer(
                new H2DatabaseServer.Options(baseDir, arguments.host(), arguments.port(), arguments.h2Port(), tls));
        server.start();
        restrictPermissions(baseDir); // anything the server created while starting
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "h2-server-shutdown"));
        System.out.println(server.url());
        System.out.flush();
        System.err.println(
                server.tls()
                        ? "h2: serving " + baseDir.resolve(H2Urls.DEFAULT_DATABASE) + " over TLS 1.3 on "
                                + arguments.host()
                                + " (client certificate of the cluster CA required); H2 itself on 127.0.0.1:"
                                + server.h2Port() + " only (local tools: "
                                + H2Urls.server("127.0.0.1", server.h2Port(), H2Urls.DEFAULT_DATABASE) + ")"
                        : "h2: WARNING --plaintext (explicit opt-out): serving "
                                + baseDir.resolve(H2Urls.DEFAULT_DATABASE)
                                + " unencrypted, without client certificates, on 127.0.0.1:" + server.h2Port());
        stopped.await();
    }

    /** Refuses to start unless H2 will bind its plaintext port to a loopback address (see the class comment). */
    private static void requireLoopbackBind() {
        String bind = System.getProperty(BIND_ADDRESS_PROPERTY);
        boolean loopback;
        try {
            loopback = bind != null && InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("start this JVM with -D" + BIND_ADDRESS_PROPERTY + "=127.0.0.1"
                    + " (now: " + bind + "), so that H2's plaintext port is reachable from this machine only");
        }
    }

    /** The owner-only file holding the password of {@link #USER} for the database served from {@code baseDir}. */
    public static Path passwordFile(Path baseDir) {
        return baseDir.toAbsolutePath().resolve(PASSWORD_FILE);
    }

    /**
     * Makes {@code baseDir} owner-only, generates the password file if missing, creates the database with that
     * password or opens the existing one (giving a database with the empty password the generated one), and makes
     * the files owner-only.
     *
     * @throws SsoException INVALID_ARGUMENT when the password file is unreadable or too open, or when the database
     *     opens neither with its password nor with the empty one
     */
    static void prepare(Path baseDir, PrintStream log) throws SQLException, IOException {
        Path dir = baseDir.toAbsolutePath();
        Files.createDirectories(dir);
        restrictPermissions(dir);
        Path passwordFile = passwordFile(dir);
        String url = H2Urls.file(dir.resolve(H2Urls.DEFAULT_DATABASE));
        boolean databaseExists = Files.exists(dir.resolve(H2Urls.DEFAULT_DATABASE + ".mv.db"));
        if (!Files.exists(passwordFile)) {
            if (databaseExists) {
                migrateFromEmptyPassword(url, passwordFile, log, "there is no " + passwordFile);
                restrictPermissions(dir);
                return;
            }
            PasswordFiles.generate(passwordFile);
            log.println("h2: generated the database password file " + passwordFile + " (owner-only)");
        }
        char[] password = readPassword(passwordFile);
        try (Connection ignored = connect(url, password)) {
            // Created with the password (or already there and opened with it); closing releases the file.
        } catch (SQLException e) {
            if (!databaseExists || e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw e;
            }
            migrateFromEmptyPassword(url, passwordFile, log, "the password in " + passwordFile + " does not open it");
        } finally {
            Arrays.fill(password, '\0');
        }
        restrictPermissions(dir);
    }

    /**
     * The database exists but does not open with the password file: if it opens with H2's empty password (a local
     * cluster folder of an older version), it gets the file's password, generated now if the file is missing.
     */
    private static void migrateFromEmptyPassword(String url, Path passwordFile, PrintStream log, String why)
            throws SQLException {
        Path database = passwordFile.resolveSibling(H2Urls.DEFAULT_DATABASE + ".mv.db");
        try (Connection c = connect(url, new char[0])) {
            if (!Files.exists(passwordFile)) {
                PasswordFiles.generate(passwordFile);
            }
            char[] password = readPassword(passwordFile);
            try (PreparedStatement alter = c.prepareStatement("ALTER USER " + USER + " SET PASSWORD ?")) {
                alter.setString(1, new String(password));
                alter.execute();
            } finally {
                Arrays.fill(password, '\0');
            }
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw e;
            }
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "The SSO database " + database + " exists but " + why + ", and it does not open with the empty"
                            + " password either: restore the " + PASSWORD_FILE + " file it was created with, or"
                            + " move the folder " + passwordFile.getParent() + " away to start with a new, empty"
                            + " database.");
        }
        log.println("h2: the SSO database " + database + " had an empty password for " + USER
                + "; set it to the password in " + passwordFile + " (owner-only)");
    }

    private static char[] readPassword(Path passwordFile) {
        return PasswordFiles.read(passwordFile, "database password file", SsoError.INVALID_ARGUMENT);
    }

    private static Connection connect(String url, char[] password) throws SQLException {
        Properties login = new Properties();
        login.put("user", USER);
        login.put("password", password); // H2 takes a char[] (not copied into a String)
        return DriverManager.getConnection(url, login);
    }

    /**
     * {@code rwx------} on {@code dir}, {@code rw-------} on its regular files; nothing where not POSIX. The password
     * file is left as it is: written owner-only, it is refused (not silently fixed) when someone opened it up.
     */
    private static void restrictPermissions(Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && !file.getFileName().toString().equals(PASSWORD_FILE)) {
                    try {
                        Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // a temporary file H2 removed meanwhile
                    }
                }
            }
        }
    }
}
