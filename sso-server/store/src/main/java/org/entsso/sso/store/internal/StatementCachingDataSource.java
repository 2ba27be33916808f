package org.entsso.sso.store.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The H2 pool's connections, each keeping its prepared statements for the next use of the same SQL (what mssql-jdbc's
 * statement pooling does for SQL Server). H2's TCP client sends every {@code prepareStatement} to the server and waits
 * for the answer, and Hibernate prepares each statement anew in every unit of work: a master secret server's write
 * (request id, application, roles, mapping, credential, purge id) paid one round trip per statement for nothing, and
 * on two loaded cores each round trip waits for the H2 server's thread to be scheduled (issue 14: a move's first write
 * took 65-430 ms).
 *
 * <p>A statement closed by its user goes back to its connection, parameters and batch cleared; one whose statement
 * settings were changed (fetch size, timeout, limits) is closed for real instead. Closing the connection closes them
 * all. At most {@link #PER_CONNECTION} per connection, the least recently used closed first. H2's client prepares a
 * kept statement again by itself when the server may have dropped it ({@code h2.serverCachedObjects}), so a kept
 * statement is never stale. Used only for H2 (StoreEngine): not thread-safe beyond what a pooled connection needs (one
 * user at a time).
 */
final class StatementCachingDataSource implements DataSource {
    private static final Logger LOG = LogManager.getLogger(StatementCachingDataSource.class);

    /** Statements kept per connection: a unit of work prepares fewer than 20 distinct ones. */
    static final int PER_CONNECTION = 64;

    /** Statement settings that make a statement unfit for the next user; it is closed instead of kept. */
    private static final Set<String> SETTINGS = Set.of(
            "setMaxRows",
            "setLargeMaxRows",
            "setFetchSize",
            "setFetchDirection",
            "setQueryTimeout",
            "setMaxFieldSize",
            "setEscapeProcessing",
            "setCursorName",
            "setPoolable",
            "closeOnCompletion");

    private final String url;
    private final Properties properties;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;

    /** Connections to {@code url} with these driver {@code properties} (copied). */
    StatementCachingDataSource(String url, Properties properties) {
        this.url = Objects.requireNonNull(url, "url");
        this.properties = new Properties();
        this.properties.putAll(properties);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(properties);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        if (username != null) {
            p.setProperty("user", username);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return connect(p);
    }

    private Connection connect(Properties p) throws SQLException {
        Driver driver = DriverManager.getDriver(url);
        Connection raw = driver.connect(url, p);
        if (raw == null) {
            throw new SQLException("No JDBC driver accepts the SSO database URL", "08001");
        }
        return (Connection) Proxy.newProxyInstance(
                StatementCachingDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new KeptStatements(raw));
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "StatementCachingDataSource[" + url + "]"; // the URL carries no password (StoreConfig refuses one)
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One pooled connection and the statements it keeps, by the arguments they were prepared with. */
    private static final class KeptStatements implements InvocationHandler {
        private final Connection raw;
        private final LinkedHashMap<List<Object>, PreparedStatement> idle = new LinkedHashMap<>(32, 0.75f, true);
        private Connection self;
        private boolean closed;

        KeptStatements(Connection raw) {
            this.raw = raw;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "prepareStatement":
                    self = (Connection) proxy;
                    return prepare(method, args);
                case "close":
                    closeKept();
                    return call(raw, method, args);
                case "abort":
                    forgetKept(); // the connection is being torn down: its statements go with it
                    return call(raw, method, args);
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "KeptStatements[" + raw + "]";
                default:
                    return call(raw, method, args);
            }
        }

        private PreparedStatement prepare(Method method, Object[] args) throws Throwable {
            List<Object> key = key(args);
            PreparedStatement kept;
            synchronized (this) {
                kept = idle.remove(key);
            }
            if (kept == null || kept.isClosed()) {
                kept = (PreparedStatement) call(raw, method, args);
            }
            return (PreparedStatement) Proxy.newProxyInstance(
                    StatementCachingDataSource.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class},
                    new Lease(this, key, kept));
        }

        /** The statement's identity: the SQL and the other arguments of prepareStatement (arrays by content). */
        private static List<Object> key(Object[] args) {
            List<Object> key = new ArrayList<>(args.length);
            for (Object a : args) {
                if (a instanceof int[] ints) {
                    key.add(Arrays.stream(ints).boxed().toList());
                } else if (a instanceof String[] names) {
                    key.add(List.of(names));
                } else {
                    key.add(a);
                }
            }
            return List.copyOf(key);
        }

        /** Keeps {@code statement} for the next use of {@code key}, unless one is kept already or the connection closed. */
        void giveBack(List<Object> key, PreparedStatement statement) {
            PreparedStatement evicted = null;
            boolean keep;
            synchronized (this) {
                keep = !closed && !idle.containsKey(key);
                if (keep) {
                    idle.put(key, statement);
                    if (idle.size() > PER_CONNECTION) {
                        Iterator<PreparedStatement> eldest = idle.values().iterator();
                        evicted = eldest.next();
                        eldest.remove();
                    }
                }
            }
            closeQuietly(keep ? evicted : statement);
        }

        private void closeKept() {
            List<PreparedStatement> all;
            synchronized (this) {
                closed = true;
                all = List.copyOf(idle.values());
                idle.clear();
            }
            all.forEach(KeptStatements::closeQuietly);
        }

        private synchronized void forgetKept() {
            closed = true;
            idle.clear();
        }

        private static void closeQuietly(PreparedStatement statement) {
            if (statement == null) {
                return;
            }
            try {
                statement.close();
            } catch (SQLException e) {
                // Closing only frees the server's copy; a connection that fails here is evicted by the pool anyway.
                LOG.debug("Closing a kept statement failed: {}", e.toString());
            }
        }
    }

    /** One use of a kept statement: closing it gives the statement back; after that, it refuses every call. */
    private static final class Lease implements InvocationHandler {
        private final KeptStatements owner;
        private final List<Object> key;
        private final PreparedStatement statement;
        private boolean reusable = true;
        private boolean closed;

        Lease(KeptStatements owner, List<Object> key, PreparedStatement statement) {
            this.owner = owner;
            this.key = key;
            this.statement = statement;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close":
                    close();
                    return null;
                case "isClosed":
                    return closed;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "Lease[" + statement + "]";
                case "getConnection":
                    requireOpen();
                    return owner.self;
                default:
                    requireOpen();
                    if (SETTINGS.contains(name)) {
                        reusable = false;
                    }
                    return call(statement, method, args);
            }
        }

        private void requireOpen() throws SQLException {
            if (closed) {
                throw new SQLException("The statement is closed", "HY010");
            }
        }

        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!reusable) {
                KeptStatements.closeQuietly(statement);
                return;
            }
            try {
                statement.clearParameters();
                statement.clearBatch();
                statement.clearWarnings();
            } catch (SQLException e) {
                KeptStatements.closeQuietly(statement);
                return;
            }
            owner.giveBack(key, statement);
        }
    }
}
