package org.entsso.sso.store.internal;

import com.zaxxer.hikari.HikariConfig;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.entsso.schema.DatabaseVendor;
import org.entsso.sso.store.DatabaseTimeouts;

/**
 * What every pooled connection of one store process carries (issue 9 item 6, DESIGN.md decision 3): the bounded waits
 * of {@link DatabaseTimeouts}, and a tag naming the node and this process's incarnation, so that a new master secret
 * server can find and end a deposed owner's sessions.
 *
 * <ul>
 *   <li>SQL Server: the tag is the session's {@code program_name} (the driver's {@code applicationName}, which the
 *       property collection sets over any value in the URL), {@code SET LOCK_TIMEOUT} on open, and the driver's
 *       {@code queryTimeout} and {@code socketTimeout}.
 *   <li>H2: no session attribute can carry a tag, so each connection records its {@code SESSION_ID()} and the
 *       session's start time in {@code store_session} when it opens; {@code SET LOCK_TIMEOUT} and {@code SET
 *       QUERY_TIMEOUT} on open, and {@code NETWORK_TIMEOUT} (the client socket's read timeout) in the URL.
 * </ul>
 *
 * Immutable and thread-safe.
 *
 * @param nodeName the node that owns the sessions
 * @param incarnation a random id of this store instance, so that a node never ends its own sessions
 */
public record SessionTag(String nodeName, String incarnation) {
    /** The prefix of every SQL Server program name the store sets. */
    static final String PROGRAM_PREFIX = "entsso:";

    public SessionTag {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(incarnation, "incarnation");
    }

    /** A tag for {@code nodeName} with a fresh incarnation. */
    public static SessionTag fresh(String nodeName) {
        return new SessionTag(nodeName, UUID.randomUUID().toString());
    }

    /** The SQL Server program name: {@code entsso:<incarnation>:<node>} (at most 36 + 8 + 80 characters). */
    String programName() {
        return PROGRAM_PREFIX + incarnation + ":" + nodeName;
    }

    /** Parses a program name written by {@link #programName()}; empty for any other program. */
    static Optional<SessionTag> fromProgramName(String programName) {
        if (programName == null || !programName.startsWith(PROGRAM_PREFIX)) {
            return Optional.empty();
        }
        String rest = programName.substring(PROGRAM_PREFIX.length());
        int colon = rest.indexOf(':');
        return colon < 1
                ? Optional.empty()
                : Optional.of(new SessionTag(rest.substring(colon + 1), rest.substring(0, colon)));
    }

    /** Applies the timeouts and the tag to a pool's configuration for {@code vendor}. */
    void apply(HikariConfig hikari, DatabaseVendor vendor, DatabaseTimeouts timeouts) {
        long lockMs = timeouts.lockTimeout().toMillis();
        if (vendor == DatabaseVendor.SQL_SERVER) {
            hikari.addDataSourceProperty("applicationName", programName());
            hikari.addDataSourceProperty(
                    "queryTimeout", String.valueOf(timeouts.queryTimeout().toSeconds()));
            hikari.addDataSourceProperty(
                    "socketTimeout", String.valueOf(timeouts.socketTimeout().toMillis()));
            hikari.setConnectionInitSql("SET LOCK_TIMEOUT " + lockMs);
            return;
        }
        String url = hikari.getJdbcUrl();
        if (!url.toUpperCase(Locale.ROOT).contains("NETWORK_TIMEOUT=")) {
            hikari.setJdbcUrl(
                    url + ";NETWORK_TIMEOUT=" + timeouts.socketTimeout().toMillis());
        }
        // One string, run by HikariCP on every new connection; it does not commit (autocommit is off), hence COMMIT.
        hikari.setConnectionInitSql("SET LOCK_TIMEOUT " + lockMs + "; SET QUERY_TIMEOUT "
                + timeouts.queryTimeout().toMillis() + "; DELETE FROM store_session WHERE session_id = SESSION_ID();"
                + " INSERT INTO store_session (session_id, session_start, node_name, incarnation)"
                + " SELECT SESSION_ID, CAST(SESSION_START AS VARCHAR(64)), " + literal(nodeName) + ", "
                + literal(incarnation) + " FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = SESSION_ID(); COMMIT");
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
