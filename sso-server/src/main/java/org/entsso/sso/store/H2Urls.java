package org.entsso.sso.store;

import java.nio.file.Path;
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
        return "jdbc:h2:tcp://" + host + ":" + port + "/" + database + ";" + SETTINGS;
    }
}
