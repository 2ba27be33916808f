package org.entsso.sso.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The H2 pool's kept statements, against a real H2 TCP server: the same SQL on the same connection reuses the server's
 * prepared statement, a user never sees the previous user's parameters or settings, and a statement kept past H2's
 * server-side object cache still runs.
 */
class StatementCachingDataSourceTest {
    private static final String SELECT = "SELECT v FROM kv WHERE k = ?";

    private Server server;
    private Path dir;
    private StatementCachingDataSource dataSource;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("sso-h2-kept");
        server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists")
                .start();
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        dataSource = new StatementCachingDataSource(
                "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/kept;MODE=MSSQLServer", p);
        connection = dataSource.getConnection();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE kv (k INT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO kv VALUES (1, 'one'), (2, 'two')");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        server.stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void theSameSqlOnTheSameConnection_reusesTheStatementTheServerPrepared() throws SQLException {
        PreparedStatement first = connection.prepareStatement(SELECT);
        PreparedStatement raw = first.unwrap(PreparedStatement.class);
        assertThat(valueOf(first, 1)).isEqualTo("one");
        first.close();

        PreparedStatement second = connection.prepareStatement(SELECT);
        assertThat(second.unwrap(PreparedStatement.class)).isSameAs(raw);
        assertThat(valueOf(second, 2)).isEqualTo("two");
        second.close();
    }

    @Test
    void aStatementGivenBack_hasNoParameters_andTheClosedHandleRefusesEveryCall() throws SQLException {
        PreparedStatement first = connection.prepareStatement(SELECT);
        first.setInt(1, 1);
        first.close();
        first.close(); // twice is allowed, as for any JDBC statement

        assertThat(first.isClosed()).isTrue();
        assertThatThrownBy(first::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        PreparedStatement second = connection.prepareStatement(SELECT);
        assertThat(second.isClosed()).isFalse();
        assertThatThrownBy(second::executeQuery)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Parameter \"#1\" is not set");
        second.close();
    }

    @Test
    void twoUsersOfTheSameSqlAtOnce_getTwoStatements_andOneIsKept() throws SQLException {
        PreparedStatement a = connection.prepareStatement(SELECT);
        PreparedStatement b = connection.prepareStatement(SELECT);
        PreparedStatement rawA = a.unwrap(PreparedStatement.class);
        PreparedStatement rawB = b.unwrap(PreparedStatement.class);
        assertThat(rawA).isNotSameAs(rawB);
        a.setInt(1, 1);
        b.setInt(1, 2);
        try (ResultSet ra = a.executeQuery();
                ResultSet rb = b.executeQuery()) {
            assertThat(ra.next() && rb.next()).isTrue();
            assertThat(ra.getString(1) + rb.getString(1)).isEqualTo("onetwo");
        }
        a.close();
        b.close();

        assertThat(rawA.isClosed()).isFalse();
        assertThat(rawB.isClosed()).isTrue();
        PreparedStatement c = connection.prepareStatement(SELECT);
        assertThat(c.unwrap(PreparedStatement.class)).isSameAs(rawA);
        c.close();
    }

    @Test
    void aStatementWhoseSettingsChanged_isClosedNotKept() throws SQLException {
        PreparedStatement limited = connection.prepareStatement(SELECT);
        PreparedStatement raw = limited.unwrap(PreparedStatement.class);
        limited.setMaxRows(1);
        limited.close();

        assertThat(raw.isClosed()).isTrue();
        PreparedStatement next = connection.prepareStatement(SELECT);
        assertThat(next.unwrap(PreparedStatement.class)).isNotSameAs(raw);
        assertThat(next.getMaxRows()).isZero();
        next.close();
    }

    @Test
    void aStatementKeptWhileTheServerDroppedItsCopy_isPreparedAgainAndRuns() throws SQLException {
        PreparedStatement first = connection.prepareStatement(SELECT);
        PreparedStatement raw = first.unwrap(PreparedStatement.class);
        first.close();
        // Far more server objects than H2 keeps per session (h2.serverCachedObjects, 64): the kept one's is gone.
        for (int i = 0; i < 300; i++) {
            try (Statement other = connection.createStatement()) {
                other.executeQuery("SELECT " + i + " FROM kv WHERE k = 1").close();
            }
        }

        PreparedStatement again = connection.prepareStatement(SELECT);
        assertThat(again.unwrap(PreparedStatement.class)).isSameAs(raw);
        assertThat(valueOf(again, 2)).isEqualTo("two");
        again.close();
    }

    @Test
    void closingTheConnection_closesEveryKeptStatement() throws SQLException {
        PreparedStatement first = connection.prepareStatement(SELECT);
        PreparedStatement raw = first.unwrap(PreparedStatement.class);
        first.close();
        assertThat(raw.isClosed()).isFalse();

        connection.close();

        assertThat(raw.isClosed()).isTrue();
        assertThat(connection.isClosed()).isTrue();
        connection = null;
    }

    @Test
    void pastItsLimit_aConnectionClosesTheStatementUsedLeastRecently() throws SQLException {
        PreparedStatement first = connection.prepareStatement(SELECT);
        PreparedStatement raw = first.unwrap(PreparedStatement.class);
        first.close();
        for (int i = 0; i < StatementCachingDataSource.PER_CONNECTION; i++) {
            connection.prepareStatement("SELECT " + i + " FROM kv").close();
        }

        assertThat(raw.isClosed()).isTrue();
        PreparedStatement again = connection.prepareStatement(SELECT);
        assertThat(again.unwrap(PreparedStatement.class)).isNotSameAs(raw);
        assertThat(valueOf(again, 1)).isEqualTo("one");
        again.close();
    }

    private static String valueOf(PreparedStatement statement, int key) throws SQLException {
        statement.setInt(1, key);
        try (ResultSet r = statement.executeQuery()) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }
}
