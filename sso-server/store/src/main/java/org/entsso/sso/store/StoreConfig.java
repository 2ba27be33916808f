package org.entsso.sso.store;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link SsoStore} needs: the JDBC URL and login, pool sizing, the retry policy and the clock. Immutable and
 * thread-safe; {@link #toString()} never shows the password or driver property values.
 */
public final class StoreConfig {
    private final String jdbcUrl;
    private final String user;
    private final char[] password;
    private final Map<String, String> driverProperties;
    private final int maxPoolSize;
    private final Duration connectionTimeout;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final boolean migrate;
    private final String poolName;
    private final String nodeName;
    private final DatabaseTimeouts timeouts;
    private final RetryPolicy readRetryPolicy;

    private StoreConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.user = b.user;
        this.password = b.password.clone();
        this.driverProperties = Map.copyOf(b.driverProperties);
        this.maxPoolSize = b.maxPoolSize;
        this.connectionTimeout = b.connectionTimeout;
        this.retryPolicy = b.retryPolicy;
        this.clock = b.clock;
        this.migrate = b.migrate;
        this.poolName = b.poolName;
        this.nodeName = b.nodeName;
        this.timeouts = b.timeouts;
        this.readRetryPolicy = b.readRetryPolicy;
    }

    /** A builder for a database at {@code jdbcUrl} (see {@link H2Urls} and {@link SqlServerConnectionSettings}). */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /** The JDBC URL (never holds a password). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The database login. */
    public String user() {
        return user;
    }

    /** A copy of the password; the caller should clear it after use. */
    public char[] password() {
        return password.clone();
    }

    /** Extra driver properties (values may be secret: never log them). */
    public Map<String, String> driverProperties() {
        return driverProperties;
    }

    /** The largest number of pooled connections. */
    public int maxPoolSize() {
        return maxPoolSize;
    }

    /** How long a unit of work waits for a pooled connection. */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** The retry policy for idempotent units of work. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The clock for the timestamps the store writes. */
    public Clock clock() {
        return clock;
    }

    /** Whether {@link SsoStore#start()} applies pending Flyway migrations before validating the mapping. */
    public boolean migrate() {
        return migrate;
    }

    /** The pool name in logs. */
    public String poolName() {
        return poolName;
    }

    /** The node that owns the store's database sessions: their tag, so a new owner can end them (issue 9 item 6). */
    public String nodeName() {
        return nodeName;
    }

    /** The lock, query and socket timeouts of every pooled connection. */
    public DatabaseTimeouts timeouts() {
        return timeouts;
    }

    /** The retry policy of {@link SsoStore#read}: short, so that a lookup is answered within a stated bound. */
    public RetryPolicy readRetryPolicy() {
        return readRetryPolicy;
    }

    @Override
    public String toString() {
        // The URL itself is built without secrets (passwords travel in the password field or driver properties).
        return "StoreConfig[url=" + jdbcUrl + ", user=" + user + ", password=***, driverProperties="
                + driverProperties.keySet() + ", maxPoolSize=" + maxPoolSize + ", retryPolicy=" + retryPolicy
                + ", node="
                + nodeName + ", timeouts=" + timeouts + "]";
    }

    /** Builds {@link StoreConfig}. Not thread-safe. */
    public static final class Builder {
        private final String jdbcUrl;
        private String user = "sa";
        private char[] password = new char[0];
        private final Map<String, String> driverProperties = new LinkedHashMap<>();
        private int maxPoolSize = 10;
        private Duration connectionTimeout = Duration.ofSeconds(3);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private boolean migrate = true;
        private String poolName = "sso-store";
        private String nodeName = "entsso";
        private DatabaseTimeouts timeouts = DatabaseTimeouts.defaults();
        private RetryPolicy readRetryPolicy = RetryPolicy.reads();

        private Builder(String jdbcUrl) {
            this.jdbcUrl = Names.requireName("jdbcUrl", jdbcUrl, 4096);
            if (jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
                throw new IllegalArgumentException("Pass the password with credentials(), not in the JDBC URL");
            }
        }

        /** The database login (default {@code sa} with an empty password, H2's default). */
        public Builder credentials(String user, char[] password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /** A driver property passed with every connection (values are treated as secret). */
        public Builder driverProperty(String key, String value) {
            driverProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The largest number of pooled connections (default 10). */
        public Builder maxPoolSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxPoolSize must be at least 1");
            }
            this.maxPoolSize = value;
            return this;
        }

        /** How long to wait for a connection from the pool before it counts as a transient failure (default 3 s). */
        public Builder connectionTimeout(Duration value) {
            if (value.toMillis() < 250) {
                throw new IllegalArgumentException("connectionTimeout must be at least 250 ms (HikariCP's minimum)");
            }
            this.connectionTimeout = value;
            return this;
        }

        /** The retry policy for idempotent units of work (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /** The clock for timestamps the store writes (default UTC system clock). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Whether to apply pending migrations at start (default true). */
        public Builder migrate(boolean value) {
            this.migrate = value;
            return this;
        }

        /** The connection pool's name in logs and metrics (default {@code sso-store}). */
        public Builder poolName(String value) {
            this.poolName = Names.requireName("poolName", value, 64);
            return this;
        }

        /** The node name the store's database sessions are tagged with (default {@code entsso}). */
        public Builder nodeName(String value) {
            this.nodeName = Names.requireName("nodeName", value, 100);
            return this;
        }

        /** The lock, query and socket timeouts (default {@link DatabaseTimeouts#defaults()}). */
        public Builder timeouts(DatabaseTimeouts value) {
            this.timeouts = Objects.requireNonNull(value, "timeouts");
            return this;
        }

        /** The retry policy of {@link SsoStore#read} (default {@link RetryPolicy#reads()}). */
        public Builder readRetryPolicy(RetryPolicy value) {
            this.readRetryPolicy = Objects.requireNonNull(value, "readRetryPolicy");
            return this;
        }

        /** The configuration. */
        public StoreConfig build() {
            return new StoreConfig(this);
        }
    }
}
