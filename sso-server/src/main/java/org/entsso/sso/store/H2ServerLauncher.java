package org.entsso.sso.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import org.h2.tools.Server;

/**
 * Runs the shared SSO database of a local cluster: an H2 TCP server on 127.0.0.1 serving {@code <baseDir>/sso}.
 * Usage: {@code H2ServerLauncher <port|0> <baseDir>}. Creates the database (MSSQLServer mode) if missing, prints its
 * JDBC URL as the first line of standard output, and stops cleanly on SIGTERM (shutdown hook). Remote clients
 * cannot create other databases ({@code -ifExists}); only local connections are accepted.
 */
public final class H2ServerLauncher {
    private H2ServerLauncher() {}

    /** Entry point; see the class comment. Exit code 2 for bad arguments. */
    public static void main(String[] args) throws SQLException, InterruptedException, java.io.IOException {
        if (args.length != 2) {
            System.err.println("usage: H2ServerLauncher <port|0> <baseDir>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path baseDir = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(baseDir);
        createIfMissing(baseDir);
        Server server = Server.createTcpServer(
                        "-tcpPort", String.valueOf(port), "-baseDir", baseDir.toString(), "-ifExists")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.stop();
                            stopped.countDown();
                        },
                        "h2-server-shutdown"));
        System.out.println(H2Urls.server("127.0.0.1", server.getPort(), H2Urls.DEFAULT_DATABASE));
        System.out.flush();
        stopped.await();
    }

    /** Opens the database file once locally so that it exists with the MSSQLServer-mode settings. */
    private static void createIfMissing(Path baseDir) throws SQLException {
        String url = H2Urls.file(baseDir.resolve(H2Urls.DEFAULT_DATABASE));
        try (Connection ignored = DriverManager.getConnection(url, "sa", "")) {
            // Created (or already there); closing releases the file for the server.
        }
    }
}
