package org.entsso.cluster.resource.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.ResourceInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL Health Check against a real H2 in-memory database. The test holds an admin connection that keeps the database
 * alive; the resource connects with {@code IFEXISTS=TRUE}, so once the admin shuts the database down a reconnect cannot
 * silently create a fresh empty one.
 */
class SqlHealthCheckTypeTest {
    private static final String PASSWORD = "s3cret-Pa55";

    @TempDir
    Path dir;

    private String database;
    private Connection admin;
    private Path passwordFile;
    private FakeResourceContext context;
    private ResourceInstance instance;

    @BeforeEach
    void createDatabase() throws SQLException, IOException {
        database = "jdbc:h2:mem:sso_" + UUID.randomUUID().toString().replace("-", "");
        admin = DriverManager.getConnection(database, "sa", PASSWORD);
        passwordFile = Files.writeString(dir.resolve("db.password"), PASSWORD + "\n");
    }

    @AfterEach
    void closeEverything() throws SQLException {
        if (instance != null) {
            instance.terminate();
            instance.close();
        }
        if (!admin.isClosed()) {
            admin.close();
        }
    }

    private ResourceInstance open(String... parameters) {
        Map<String, String> map = new HashMap<>();
        map.put("ConnectionUrl", database + ";IFEXISTS=TRUE");
        map.put("User", "sa");
        map.put("PasswordFile", passwordFile.toString());
        for (int i = 0; i < parameters.length; i += 2) {
            map.put(parameters[i], parameters[i + 1]);
        }
        context = new FakeResourceContext("SSO DB check", map);
        instance = new SqlHealthCheckType().open(context);
        return instance;
    }

    private void adminExecute(String sql) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void typeIsNamedSqlHealthCheckAndRequiresConnectionUrl() {
        assertThat(new SqlHealthCheckType().name()).isEqualTo("SQL Health Check");
        assertThat(new SqlHealthCheckType().requiredParameters()).containsExactly("ConnectionUrl");
    }

    @Test
    void whenTheDatabaseAnswers_thenTheResourceIsOnlineAndHealthy() {
        open().online();

        assertThat(instance.looksAlive()).isTrue();
        assertThat(instance.isAlive()).isTrue();
        assertThat(context.pendingReports).singleElement().asString().startsWith("connecting to jdbc:h2:mem:sso_");
    }

    @Test
    void whenTheDatabaseIsShutDown_thenLooksAliveAndIsAliveAreFalse() throws SQLException {
        open().online();

        adminExecute("SHUTDOWN");

        assertThat(instance.looksAlive()).isFalse();
        assertThat(instance.isAlive()).isFalse();
    }

    @Test
    void whenOnlyTheConnectionIsBroken_thenIsAliveReconnectsAndStaysTrue() throws SQLException {
        open().online();

        // Kill the resource's session from the server side; the database itself stays up.
        try (Statement statement = admin.createStatement();
                ResultSet aborted = statement.executeQuery("SELECT ABORT_SESSION(SESSION_ID)"
                        + " FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()")) {
            assertThat(aborted.next()).isTrue();
            assertThat(aborted.getBoolean(1))
                    .as("the resource's session was aborted")
                    .isTrue();
            assertThat(aborted.next()).isFalse();
        }
        assertThat(instance.looksAlive()).as("the old connection is broken").isFalse();

        assertThat(instance.isAlive()).isTrue();
        assertThat(instance.looksAlive()).isTrue();
    }

    @Test
    void whenTheCustomValidationQueryFails_thenIsAliveIsFalse() throws SQLException {
        adminExecute("CREATE TABLE HEARTBEAT(ID INT)");
        open("ValidationQuery", "SELECT COUNT(*) FROM HEARTBEAT").online();
        assertThat(instance.isAlive()).isTrue();

        adminExecute("DROP TABLE HEARTBEAT");

        assertThat(instance.isAlive()).isFalse();
    }

    @Test
    void whenTheDriverIsUnknown_thenOnlineFailsWithoutThePasswordFromTheUrl() {
        open("ConnectionUrl", "jdbc:nosuchdb://db.example:1433;databaseName=sso;password=hunter2;user=sso");

        assertThatThrownBy(instance::online)
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("could not validate the database at jdbc:nosuchdb://db.example:1433")
                .hasMessageContaining("No suitable driver")
                .hasMessageContaining("password=****")
                .satisfies(e -> assertThat(allMessages(e)).doesNotContain("hunter2"));
    }

    @Test
    void whenThePasswordIsWrong_thenOnlineFailsWithoutPrintingIt() throws IOException {
        Files.writeString(passwordFile, "wrong-Pa55-xyz");
        open();

        assertThatThrownBy(instance::online)
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("Wrong user name or password")
                .satisfies(e -> assertThat(allMessages(e)).doesNotContain("wrong-Pa55-xyz"));
        assertThat(instance.looksAlive()).isFalse();
    }

    @Test
    void whenThePasswordFileIsMissing_thenOnlineNamesTheFile() {
        open("PasswordFile", dir.resolve("missing.password").toString());

        assertThatThrownBy(instance::online)
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("cannot read its PasswordFile")
                .hasMessageContaining("missing.password");
    }

    @Test
    void offlineAndTerminate_closeTheConnection() {
        open().online();
        instance.offline();
        assertThat(instance.looksAlive()).isFalse();
        assertThat(instance.isAlive()).isFalse();

        instance.online();
        instance.terminate();
        assertThat(instance.looksAlive()).isFalse();
        assertThat(instance.isAlive()).isFalse();
    }

    private static String allMessages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
