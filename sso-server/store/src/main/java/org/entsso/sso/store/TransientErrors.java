package org.entsso.sso.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Decides whether a database failure is transient: worth retrying once the connection, the availability group or
 * the lock situation has had a moment. Walks the whole cause chain (Hibernate and HikariCP wrap the driver's
 * exception) and every chained {@link SQLException#getNextException()}. Stateless and thread-safe.
 */
public final class TransientErrors {
    /**
     * SQL Server error numbers seen during failover or contention: 1205 deadlock victim; 1222 lock request timed out
     * ({@code SET LOCK_TIMEOUT}, issue 9 item 6); 4060 cannot open database;
     * 40197, 40501, 40613, 49918-49920 service busy or reconfiguring; 4221 login to a read-secondary during
     * reconfiguration; 976 and 983 availability replica not accessible or not in the right role.
     */
    static final Set<Integer> SQL_SERVER_TRANSIENT =
            Set.of(1205, 1222, 4060, 40197, 40501, 40613, 49918, 49919, 49920, 4221, 976, 983);

    /**
     * H2's equivalents: 90067 connection broken, 90028 and 90031 I/O errors, 90098 database closed, 90121 database
     * being shut down, 40001 deadlock, 50200 lock timeout, 57014 statement cancelled or timed out ({@code
     * QUERY_TIMEOUT}, or {@code ABORT_SESSION} by a new master secret server: issue 9 item 6).
     */
    static final Set<Integer> H2_TRANSIENT = Set.of(90067, 90028, 90031, 90098, 90121, 40001, 50200, 57014);

    private TransientErrors() {}

    /** Whether {@code failure} (or anything in its cause chain) is a transient database error. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (isTransientSql(e)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * H2's general error 50000 for a statement whose transaction was closed under it ({@code MVStoreException:
     * Transaction N is closed}): what a session ended by a new master secret server's fence ({@code ABORT_SESSION})
     * meets when the abort lands mid-statement. The fence ends every session of the deposed node with an open
     * transaction, its SSO server's lookups (which insert audit rows) included; a retry on a fresh connection answers
     * them.
     */
    private static boolean isH2SessionEnded(SQLException e) {
        String message = e.getMessage();
        return e.getErrorCode() == 50000
                && message != null
                && message.contains("MVStoreException: Transaction ")
                && message.contains(" is closed");
    }

    private static boolean isTransientSql(SQLException e) {
        // SQLTimeoutException: a query timeout (mssql-jdbc queryTimeout), retried like a lock timeout.
        if (e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException
                || e instanceof SQLTimeoutException) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return true;
        }
        int code = e.getErrorCode();
        return SQL_SERVER_TRANSIENT.contains(code) || H2_TRANSIENT.contains(code) || isH2SessionEnded(e);
    }
}
