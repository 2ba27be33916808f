package org.entsso.sso.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.schema.DatabaseVendor;

/**
 * Ends the database sessions of a deposed master secret server when a new one takes over (issue 9 item 6, DESIGN.md
 * decision 3), so that an owner frozen inside a transaction (SIGSTOP, a long GC pause) loses its locks at the
 * takeover instead of holding every later write until it wakes. Fencing by epoch keeps such an owner from writing;
 * this keeps it from blocking.
 *
 * <p>Only the deposed node's sessions with an open transaction are ended (H2 {@code CONTAINS_UNCOMMITTED}, SQL
 * Server {@code open_transaction_count > 0}): they are the ones that can hold locks, and a node that stepped down
 * alive keeps its idle pooled connections. Never this store's own sessions (same incarnation). Ending is best effort:
 * when it fails (for instance SQL Server without {@code ALTER ANY CONNECTION}), the takeover still completes once the
 * lock timeout and the retry policy have outlasted the frozen owner, as before.
 *
 * <p>Needs on H2 an admin login (as {@code sa}) for {@code INFORMATION_SCHEMA.SESSIONS} of other sessions and
 * {@code ABORT_SESSION}; on SQL Server {@code VIEW SERVER STATE} and {@code ALTER ANY CONNECTION}. Stateless.
 */
final class SessionFence {
    private static final Logger LOG = LogManager.getLogger(SessionFence.class);

    private static final String H2_OWNER = "SELECT secret_server_name FROM global_info WHERE id = 1";
    private static final String SQL_SERVER_OWNER =
            "SELECT secret_server_name FROM global_info WITH (READUNCOMMITTED) WHERE id = 1";
    private static final String H2_SESSIONS = "SELECT r.session_id FROM store_session r"
            + " JOIN INFORMATION_SCHEMA.SESSIONS s ON s.SESSION_ID = r.session_id"
            + " AND CAST(s.SESSION_START AS VARCHAR(64)) = r.session_start"
            + " WHERE r.node_name = ? AND r.incarnation <> ? AND s.CONTAINS_UNCOMMITTED = TRUE";
    private static final String H2_STALE = "DELETE FROM store_session WHERE NOT EXISTS (SELECT 1 FROM"
            + " INFORMATION_SCHEMA.SESSIONS s WHERE s.SESSION_ID = store_session.session_id"
            + " AND CAST(s.SESSION_START AS VARCHAR(64)) = store_session.session_start)";
    private static final String SQL_SERVER_SESSIONS = "SELECT session_id, program_name FROM sys.dm_exec_sessions"
            + " WHERE program_name LIKE 'entsso:%' AND open_transaction_count > 0 AND session_id <> @@SPID";

    private SessionFence() {}

    /**
     * Ends the open transactions' sessions of {@code owner}, the node recorded as master secret server when the caller
     * read it ({@link #recordedOwner}), other than {@code self}'s. Runs on {@code connection} in autocommit mode and
     * restores its mode.
     *
     * @return the session ids ended
     */
    static List<Integer> endSessions(Connection connection, DatabaseVendor vendor, SessionTag self, String owner) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try {
                List<Integer> ended = vendor == DatabaseVendor.SQL_SERVER
                        ? endSqlServer(connection, owner, self)
                        : endH2(connection, owner, self);
                if (!ended.isEmpty()) {
                    LOG.warn("Ended database sessions {} of the deposed master secret server {}", ended, owner);
                }
                return ended;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            LOG.warn(
                    "Could not end the deposed master secret server's database sessions; its locks go when it wakes"
                            + " or its connection breaks: {}",
                    e.toString());
            return List.of();
        }
    }

    /** The node the global row names as master secret server, as committed (no lock taken, none waited for). */
    static Optional<String> recordedOwner(Connection c, DatabaseVendor vendor) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(vendor == DatabaseVendor.SQL_SERVER ? SQL_SERVER_OWNER : H2_OWNER)) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    private static List<Integer> endH2(Connection c, String owner, SessionTag self) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(H2_SESSIONS)) {
            p.setString(1, owner);
            p.setString(2, self.incarnation());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
        }
        try (PreparedStatement abort = c.prepareStatement("CALL ABORT_SESSION(?)")) {
            for (int id : ids) {
                abort.setInt(1, id);
                abort.execute();
            }
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate(H2_STALE);
        }
        return ids;
    }

    private static List<Integer> endSqlServer(Connection c, String owner, SessionTag self) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(SQL_SERVER_SESSIONS)) {
            while (rs.next()) {
                int id = rs.getInt(1);
                SessionTag.fromProgramName(rs.getString(2))
                        .filter(t ->
                                t.nodeName().equals(owner) && !t.incarnation().equals(self.incarnation()))
                        .ifPresent(t -> ids.add(id));
            }
        }
        try (Statement s = c.createStatement()) {
            for (int id : ids) {
                s.execute("KILL " + id); // KILL takes no parameter; id is an int read from the server
            }
        }
        return ids;
    }
}
