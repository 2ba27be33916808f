package org.entsso.cluster.resource.types;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;

/**
 * One SQL Health Check resource: one JDBC connection while Online. IsAlive reconnects once when the validation query
 * fails (a connection broken by a failover of the database is not, by itself, a failure of the database) and answers
 * {@code false} if the query fails again. Every message and logged cause goes through {@link Redaction}.
 *
 * <p>Thread-safety: the engine calls online/offline/polls on one thread; {@link #terminate()} may run concurrently and
 * closes the connection, which aborts a query in progress. The connection is held in an {@link AtomicReference}.
 */
final class SqlHealthCheckInstance implements ResourceInstance {
    private static final Logger LOG = LogManager.getLogger(SqlHealthCheckInstance.class);

    /** LooksAlive's budget for {@link Connection#isValid}, in seconds. */
    private static final int LOOKS_ALIVE_TIMEOUT_SECONDS = 2;

    private final ResourceContext context;
    private final AtomicReference<Connection> connection = new AtomicReference<>();
    private volatile Settings settings;
    private volatile boolean terminated;

    SqlHealthCheckInstance(ResourceContext context) {
        this.context = context;
    }

    @Override
    public void online() {
        Settings s = Settings.read(context);
        settings = s;
        terminated = false;
        context.reportPending("connecting to " + s.redactedUrl());
        Connection c;
        try {
            c = connect(s);
            validate(c, s);
        } catch (SQLException e) {
            closeQuietly(connection.getAndSet(null));
            throw new ClusterException(
                    describe() + " could not validate the database at " + s.redactedUrl() + ": "
                            + Redaction.redact(e.getMessage(), s.password),
                    Redaction.redact(e, s.password));
        }
        LOG.info("{} validated the database at {}", describe(), s.redactedUrl());
    }

    @Override
    public void offline() {
        closeQuietly(connection.getAndSet(null));
    }

    @Override
    public void terminate() {
        terminated = true;
        closeQuietly(connection.getAndSet(null));
    }

    @Override
    public boolean looksAlive() {
        Connection c = connection.get();
        try {
            return c != null && c.isValid(LOOKS_ALIVE_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public boolean isAlive() {
        Connection c = connection.get();
        Settings s = settings;
        if (c == null || s == null) {
            return false;
        }
        try {
            validate(c, s);
            return true;
        } catch (SQLException first) {
            LOG.info(
                    "{}: validation failed ({}); reconnecting once",
                    describe(),
                    Redaction.redact(first.getMessage(), s.password));
            closeQuietly(c);
        }
        try {
            validate(connect(s), s);
            return true;
        } catch (SQLException second) {
            LOG.warn(
                    "{}: the database at {} failed validation after reconnecting: {}",
                    describe(),
                    s.redactedUrl(),
                    Redaction.redact(second.getMessage(), s.password));
            closeQuietly(connection.getAndSet(null));
            return false;
        }
    }

    @Override
    public void close() {
        closeQuietly(connection.getAndSet(null));
    }

    /** Opens a connection and makes it the current one; fails if Terminate ran meanwhile. */
    private Connection connect(Settings s) throws SQLException {
        Connection c = DriverManager.getConnection(s.url, s.connectionProperties());
        Connection previous = connection.getAndSet(c);
        if (previous != null && previous != c) {
            closeQuietly(previous);
        }
        if (terminated) {
            closeQuietly(connection.getAndSet(null));
            throw new SQLException("the resource was terminated while connecting");
        }
        return c;
    }

    private static void validate(Connection c, Settings s) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.setQueryTimeout(s.queryTimeoutSeconds);
            statement.execute(s.query);
        }
    }

    private void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("{}: closing the connection failed: {}", describe(), Redaction.redact(e.getMessage(), null));
        }
    }

    private String describe() {
        return "SQL Health Check resource '" + context.resourceName() + "'";
    }

    /** The parameters read at Online. Holds the password: no {@code toString} that could print it. */
    private static final class Settings {
        final String url;
        final String query;
        final String user;
        final char[] password;
        final int queryTimeoutSeconds;

        private Settings(String url, String query, String user, char[] password, int queryTimeoutSeconds) {
            this.url = url;
            this.query = query;
            this.user = user;
            this.password = password;
            this.queryTimeoutSeconds = queryTimeoutSeconds;
        }

        static Settings read(ResourceContext context) {
            Parameters p = new Parameters(context, SqlHealthCheckType.NAME);
            return new Settings(
                    p.required(SqlHealthCheckType.CONNECTION_URL),
                    p.optional(SqlHealthCheckType.VALIDATION_QUERY).orElse("SELECT 1"),
                    p.optional(SqlHealthCheckType.USER).orElse(null),
                    p.optional(SqlHealthCheckType.PASSWORD_FILE)
                            .map(file -> readPassword(context, file))
                            .orElse(null),
                    p.integer(SqlHealthCheckType.QUERY_TIMEOUT_SECONDS, 5, 1, 3600));
        }

        private static char[] readPassword(ResourceContext context, String file) {
            try {
                String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                return content.lines().findFirst().orElse("").toCharArray();
            } catch (IOException e) {
                throw new InvalidClusterConfigurationException("SQL Health Check resource '" + context.resourceName()
                        + "' cannot read its PasswordFile " + file + " on this node ("
                        + e.getClass().getSimpleName()
                        + ")");
            }
        }

        String redactedUrl() {
            return Redaction.redact(url, password);
        }

        Properties connectionProperties() {
            Properties properties = new Properties();
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", new String(password));
            }
            return properties;
        }
    }
}
