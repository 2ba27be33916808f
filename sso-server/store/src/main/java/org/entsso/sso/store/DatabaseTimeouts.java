package org.entsso.sso.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one database call may wait (issue 9 item 6, DESIGN.md decision 3: every database wait is bounded). Set on
 * every pooled connection when it opens:
 *
 * <ul>
 *   <li>{@code lockTimeout}: the longest wait for a lock ({@code SET LOCK_TIMEOUT} on SQL Server and H2); a timed-out
 *       lock wait is a transient error, so idempotent units are retried under the {@link RetryPolicy}.
 *   <li>{@code queryTimeout}: the longest a statement may run before the database cancels it (H2 {@code SET
 *       QUERY_TIMEOUT}; mssql-jdbc {@code queryTimeout}).
 *   <li>{@code socketTimeout}: the longest the driver waits for a byte from the server (H2 {@code NETWORK_TIMEOUT},
 *       mssql-jdbc {@code socketTimeout}); catches a server that is stopped or unreachable without a reset, where no
 *       server-side timeout can fire. Longer than the other two, so that the server's own cancel normally comes first.
 * </ul>
 *
 * Immutable and thread-safe.
 *
 * @param lockTimeout the lock wait bound
 * @param queryTimeout the statement bound
 * @param socketTimeout the network read bound
 */
public record DatabaseTimeouts(Duration lockTimeout, Duration queryTimeout, Duration socketTimeout) {
    public DatabaseTimeouts {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        if (lockTimeout.toMillis() < 1 || queryTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("lockTimeout must be at least 1 ms and queryTimeout at least 1 s");
        }
        if (socketTimeout.compareTo(queryTimeout) <= 0 || socketTimeout.compareTo(lockTimeout) <= 0) {
            throw new IllegalArgumentException("socketTimeout must be longer than queryTimeout and lockTimeout");
        }
    }

    /** Lock 2 s, query 3 s, socket 5 s. */
    public static DatabaseTimeouts defaults() {
        return new DatabaseTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));
    }
}
