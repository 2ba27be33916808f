package org.entsso.sso.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * JDBC URLs for the embedded default, H2 in MSSQLServer mode with the settings H2 documents for that mode (they must
 * not change after the database is created), plus {@code WRITE_DELAY=0} so that a committed transaction survives a
 * killed process. Stateless.
 */
public final class H2Urls {
    /** The settings every SSO database on H2 uses. */
    public static final String SETTINGS =
            "MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;WRITE_DELAY=0";

    /** The database name inside an H2 server's base directory. */
    public static final String DEFAULT_DATABASE = "sso";

    /** H2's default TCP port, when a {@code jdbc:h2:tcp://} URL names none. */
    public static final int DEFAULT_PORT = 9092;

    private static final String TCP = "jdbc:h2:tcp://";

    /**
     * The one server a {@code jdbc:h2:tcp://} URL names.
     *
     * @param host the host as written (an IPv6 literal without its brackets)
     * @param port the port, {@value #DEFAULT_PORT} when the URL names none
     */
    public record TcpServer(String host, int port) {}

    private H2Urls() {}

    /** A file database for one process, e.g. {@code jdbc:h2:file:/var/sso/sso;MODE=...}. */
    public static String file(Path databaseFileWithoutSuffix) {
        Objects.requireNonNull(databaseFileWithoutSuffix, "databaseFileWithoutSuffix");
        return "jdbc:h2:file:" + databaseFileWithoutSuffix.toAbsolutePath() + ";" + SETTINGS;
    }

    /** A database served by an H2 TCP server that several node processes share. */
    public static String server(String host, int port, String database) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Not a TCP port: " + port);
        }
        return TCP + hostPart(host) + ":" + port + "/" + database + ";" + SETTINGS;
    }

    /** Whether {@code url} reaches an H2 server over TCP ({@code jdbc:h2:tcp://}, any case). */
    public static boolean isTcp(String url) {
        return url.regionMatches(true, 0, TCP, 0, TCP.length());
    }

    /**
     * The server of a {@code jdbc:h2:tcp://host[:port]/database...} URL.
     *
     * @throws IllegalArgumentException when {@code url} is no such URL, names several servers (H2's cluster mode) or
     *     a port that is not one
     */
    public static TcpServer tcpServer(String url) {
        String authority = authority(url);
        if (authority.contains(",")) {
            throw new IllegalArgumentException("names several H2 servers (" + authority + "); name exactly one");
        }
        String host = authority;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("has an IPv6 address without its closing bracket");
            }
            host = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            port = rest.startsWith(":") ? rest.substring(1) : null;
        } else if (authority.indexOf(':') >= 0) {
            host = authority.substring(0, authority.indexOf(':'));
            port = authority.substring(authority.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("names no host");
        }
        return new TcpServer(host, port == null ? DEFAULT_PORT : parsePort(port));
    }

    /** {@code url} with its server replaced by {@code host:port}, everything else (database, settings) kept. */
    public static String withServer(String url, String host, int port) {
        String authority = authority(url);
        String rest = url.substring(TCP.length() + authority.length());
        return TCP + hostPart(host) + ":" + port + rest;
    }

    private static String authority(String url) {
        if (!isTcp(url)) {
            throw new IllegalArgumentException("is not a jdbc:h2:tcp:// URL");
        }
        int slash = url.indexOf('/', TCP.length());
        if (slash < 0) {
            throw new IllegalArgumentException("names no database after the server (jdbc:h2:tcp://host:port/sso)");
        }
        return url.substring(TCP.length(), slash);
    }

    private static int parsePort(String text) {
        int port = text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : 0;
        if (port >= 1 && port <= 65535) {
            return port;
        }
        throw new IllegalArgumentException("has '" + text + "' where a port 1-65535 belongs");
    }

    private static String hostPart(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Whether {@code url} is H2's own TLS mode ({@code jdbc:h2:ssl://}), which nodes refuse. */
    public static boolean isH2Ssl(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:ssl:");
    }
}
