package org.entsso.sso.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.node.NodeConfig;
import org.entsso.sso.node.NodeConfigFile;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.SqlServerUrls;

/**
 * {@code ssoconfig -showdb}: the SQL server and SSO database this machine's SSO server uses, read from its
 * {@code node.properties} as ENTSSO reads {@code HKLM\Software\Microsoft\ENTSSO\SQL} (anchors/entsso.md §2). Only the
 * server, the database name, the login and whether the connection is protected are printed: never a password, and
 * never the JDBC URL itself, whose properties may hold one. Stateless.
 */
final class DatabaseLocation {
    static final String NODE_CONFIG_ENV = "ENTSSO_NODE_CONFIG";

    /** What {@code -showdb} prints. */
    record Location(String server, String database, String kind) {}

    private DatabaseLocation() {}

    static void print(Path nodeConfigOption, PrintWriter out) {
        Path file = nodeConfigFile(nodeConfigOption);
        NodeConfig config = NodeConfigFile.load(file);
        Location where = parse(config.databaseUrl());
        row(out, "SSO server", config.nodeName() + " (cluster " + config.clusterName() + ")");
        row(out, "SQL server", where.server());
        row(out, "SSO database", where.database());
        row(out, "Kind", where.kind());
        row(out, "Login", config.databaseUser().orElse("the driver's default"));
        row(out, "Connection", protection(config));
    }

    /** The server and database a JDBC URL names; nothing else of it (its properties may hold a password). */
    static Location parse(String url) {
        if (SqlServerUrls.isSqlServer(url)) {
            String[] parts = url.substring("jdbc:sqlserver:".length()).split(";");
            String server = parts[0].startsWith("//") ? parts[0].substring(2) : parts[0];
            String database = "the login's default database";
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                String key = kv[0].strip().toLowerCase(Locale.ROOT);
                if (kv.length == 2 && (key.equals("databasename") || key.equals("database"))) {
                    database = kv[1].strip();
                }
            }
            return new Location(server.isBlank() ? "localhost" : server, database, "SQL Server");
        }
        if (H2Urls.isTcp(url)) {
            H2Urls.TcpServer server = H2Urls.tcpServer(url);
            String rest = url.substring(url.indexOf('/', "jdbc:h2:tcp://".length()) + 1);
            return new Location(server.host() + ":" + server.port(), beforeSettings(rest), "H2 server");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            String rest = beforeSettings(url.substring("jdbc:h2:".length()));
            String file = rest.startsWith("file:") ? rest.substring("file:".length()) : rest;
            return new Location("(embedded, in the node's process)", file, "H2 embedded");
        }
        int colon = url.indexOf(':', "jdbc:".length());
        String scheme = colon > 0 ? url.substring(0, colon) : "not a JDBC URL";
        return new Location("(not shown: " + scheme + " URLs are not recognised)", "(not shown)", scheme);
    }

    private static String protection(NodeConfig config) {
        String url = config.databaseUrl();
        if (config.database().plaintext()) {
            return "plaintext (database.plaintext=true, the explicit opt-out)";
        }
        if (SqlServerUrls.isSqlServer(url)) {
            List<String> off = SqlServerUrls.unprotectedSettings(url);
            return off.isEmpty()
                    ? "encrypted, server certificate validated"
                    : "not protected: " + String.join(", ", off);
        }
        return config.database().tunnelled() ? "TLS, through the node's tunnel" : "in-process";
    }

    private static String beforeSettings(String text) {
        int semicolon = text.indexOf(';');
        return semicolon < 0 ? text : text.substring(0, semicolon);
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("%-14s %s%n", name + ":", value);
    }

    static Path nodeConfigFile(Path option) {
        Path file = option;
        String how = "--node-config";
        if (file == null) {
            String env = System.getenv(NODE_CONFIG_ENV);
            file = Path.of(env != null && !env.isBlank() ? env : "node.properties");
            how = env != null && !env.isBlank() ? "$" + NODE_CONFIG_ENV : "the default";
        }
        if (!Files.isRegularFile(file)) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "The node configuration " + file.toAbsolutePath() + " (" + how + ") does not exist; give"
                            + " --node-config FILE (the node.properties ssod runs with) or set " + NODE_CONFIG_ENV
                            + ".");
        }
        return file;
    }
}
