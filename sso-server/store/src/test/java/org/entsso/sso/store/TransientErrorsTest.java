package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransientErrorsTest {
    @ParameterizedTest
    @ValueSource(ints = {1205, 1222, 4060, 40197, 40501, 40613, 49918, 49919, 49920, 4221, 976, 983})
    void sqlServerFailoverAndDeadlockNumbers_areTransient(int number) {
        assertThat(TransientErrors.isTransient(new RuntimeException(new SQLException("x", "S0001", number))))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {90067, 90028, 90031, 90098, 90121, 40001, 50200, 57014})
    void h2ConnectionLossAndLockNumbers_areTransient(int number) {
        assertThat(TransientErrors.isTransient(new SQLException("x", String.valueOf(number), number)))
                .isTrue();
    }

    @Test
    void connectionLossByStateOrType_isTransientAnywhereInTheChain() {
        assertThat(TransientErrors.isTransient(new IllegalStateException(new SQLException("x", "08S01", 0))))
                .isTrue();
        assertThat(TransientErrors.isTransient(new SQLTransientConnectionException("pool timeout")))
                .isTrue();
        assertThat(TransientErrors.isTransient(new SQLRecoverableException("gone")))
                .isTrue();
        // A query timeout (mssql-jdbc queryTimeout): retried like a lock timeout (issue 9 item 6).
        assertThat(TransientErrors.isTransient(new SQLTimeoutException("timed out", "HY008")))
                .isTrue();
        SQLException outer = new SQLException("batch", "HY000", 0);
        outer.setNextException(new SQLException("x", "S0001", 1205));
        assertThat(TransientErrors.isTransient(outer)).isTrue();
    }

    @Test
    void anH2StatementWhoseTransactionAFenceClosed_isTransient_butOtherGeneralErrorsAreNot() {
        String closed = "General error: \"org.h2.mvstore.MVStoreException: Transaction 2 is closed [2.5.252/4]\"";
        assertThat(TransientErrors.isTransient(new RuntimeException(new SQLException(closed, "HY000", 50000))))
                .isTrue();
        assertThat(TransientErrors.isTransient(
                        new SQLException("General error: \"java.lang.NullPointerException\"", "HY000", 50000)))
                .isFalse();
    }

    @Test
    void constraintViolationsAndSyntaxErrors_areNotTransient() {
        assertThat(TransientErrors.isTransient(new SQLException("dup", "23000", 2627)))
                .isFalse();
        assertThat(TransientErrors.isTransient(new SQLException("syntax", "42000", 102)))
                .isFalse();
        assertThat(TransientErrors.isTransient(new IllegalArgumentException("no sql")))
                .isFalse();
    }

    @Test
    void backoff_growsExponentiallyWithJitterUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));

        for (int i = 0; i < 50; i++) {
            assertThat(policy.backoff(1).toMillis()).isBetween(50L, 100L);
            assertThat(policy.backoff(3).toMillis()).isBetween(200L, 400L);
            assertThat(policy.backoff(30).toMillis()).isBetween(500L, 1000L);
        }
    }
}
