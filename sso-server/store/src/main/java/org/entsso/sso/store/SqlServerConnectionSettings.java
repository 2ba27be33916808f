package org.entsso.sso.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Connection settings for SQL Server behind an availability group listener or a failover cluster instance:
 * {@code multiSubnetFailover=true} (try every listener IP in parallel), idle connection resiliency
 * ({@code connectRetryCount}/{@code connectRetryInterval}), {@code encrypt=true} and certificate validation by default
 * with an optional trust store. Builds the URL (never with a password in it) and the driver properties that go
 * with it; {@link #toStoreConfig} turns both into a {@link StoreConfig}. Immutable and thread-safe;
 * {@link #toString()} redacts secrets.
 */
public final class SqlServerConnectionSettings {
    /** The driver property that carries the trust store's password (never the URL). */
    public static final String TRUST_STORE_PASSWORD_PROPERTY = "trustStorePassword";

    private final String host;
    private final int port;
    private final String database;
    private final boolean multiSubnetFailover;
    private final int connectRetryCount;
    private final Duration connectRetryInterval;
    private final Duration loginTimeout;
    private final String encrypt;
    private final boolean trustServerCertificate;
    private final String hostNameInCertificate;
    private final Path trustStore;
    private final char[] trustStorePassword;
    private final String applicationName;

    private SqlServerConnectionSettings(Builder b) {
        this.host = Names.requireName("host", b.host, 253);
        this.port = b.port;
        this.database = Names.requireName("database", b.database, 128);
        this.multiSubnetFailover = b.multiSubnetFailover;
        this.connectRetryCount = b.connectRetryCount;
        this.connectRetryInterval = b.connectRetryInterval;
        this.loginTimeout = b.loginTimeout;
        this.encrypt = b.encrypt;
        this.trustServerCertificate = b.trustServerCertificate;
        this.hostNameInCertificate = b.hostNameInCertificate;
        this.trustStore = b.trustStore;
        this.trustStorePassword = b.trustStorePassword == null ? null : b.trustStorePassword.clone();
        this.applicationName = b.applicationName;
    }

    /** A builder for the listener (or instance) {@code host}, database {@code database}. */
    public static Builder builder(String host, String database) {
        return new Builder(host, database);
    }

    /** The JDBC URL: every setting except secrets, which are in {@link #driverProperties()}. */
    public String jdbcUrl() {
        StringBuilder url =
                new StringBuilder("jdbc:sqlserver://").append(host).append(':').append(port);
        publicProperties()
                .forEach((k, v) -> url.append(';').append(k).append('=').append(v));
        return url.toString();
    }

    /** Properties handed to the driver besides the URL: the trust store password, when there is one. */
    public Map<String, String> driverProperties() {
        return trustStorePassword == null
                ? Map.of()
                : Map.of(TRUST_STORE_PASSWORD_PROPERTY, new String(trustStorePassword));
    }

    /** A store configuration for these settings and the given SQL login. */
    public StoreConfig.Builder toStoreConfig(String user, char[] password) {
        StoreConfig.Builder builder = StoreConfig.builder(jdbcUrl())
                .credentials(user, password)
                .connectionTimeout(loginTimeout.plusSeconds(5));
        driverProperties().forEach(builder::driverProperty);
        return builder;
    }

    private Map<String, String> publicProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("databaseName", database);
        p.put("multiSubnetFailover", String.valueOf(multiSubnetFailover));
        p.put("connectRetryCount", String.valueOf(connectRetryCount));
        p.put("connectRetryInterval", String.valueOf(connectRetryInterval.toSeconds()));
        p.put("loginTimeout", String.valueOf(loginTimeout.toSeconds()));
        p.put("encrypt", encrypt);
        p.put("trustServerCertificate", String.valueOf(trustServerCertificate));
        if (hostNameInCertificate != null) {
            p.put("hostNameInCertificate", hostNameInCertificate);
        }
        if (trustStore != null) {
            p.put("trustStore", trustStore.toAbsolutePath().toString());
        }
        p.put("applicationName", applicationName);
        return p;
    }

    @Override
    public String toString() {
        return "SqlServerConnectionSettings[" + jdbcUrl()
                + (trustStorePassword == null ? "" : ";trustStorePassword=***") + "]";
    }

    /** Builds {@link SqlServerConnectionSettings}. Not thread-safe. */
    public static final class Builder {
        private final String host;
        private final String database;
        private int port = 1433;
        private boolean multiSubnetFailover = true;
        private int connectRetryCount = 3;
        private Duration connectRetryInterval = Duration.ofSeconds(10);
        private Duration loginTimeout = Duration.ofSeconds(30);
        private String encrypt = "true";
        private boolean trustServerCertificate;
        private String hostNameInCertificate;
        private Path trustStore;
        private char[] trustStorePassword;
        private String applicationName = "entsso";

        private Builder(String host, String database) {
            this.host = host;
            this.database = database;
        }

        /** The TCP port (default 1433). */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Not a TCP port: " + port);
            }
            this.port = port;
            return this;
        }

        /** Try all listener IP addresses in parallel (default true; keep it for availability groups). */
        public Builder multiSubnetFailover(boolean value) {
            this.multiSubnetFailover = value;
            return this;
        }

        /** Idle connection resiliency: reconnect attempts (0-255, default 3) and the interval (1-60 s, default 10). */
        public Builder connectRetry(int count, Duration interval) {
            if (count < 0 || count > 255 || interval.toSeconds() < 1 || interval.toSeconds() > 60) {
                throw new IllegalArgumentException("connectRetryCount 0-255 and connectRetryInterval 1-60 s");
            }
            this.connectRetryCount = count;
            this.connectRetryInterval = interval;
            return this;
        }

        /** How long a login may take (default 30 s; with multiSubnetFailover the driver spreads it over the IPs). */
        public Builder loginTimeout(Duration value) {
            this.loginTimeout = Objects.requireNonNull(value, "loginTimeout");
            return this;
        }

        /** {@code true} (default), {@code strict} (TDS 8) or {@code false} (test containers only). */
        public Builder encrypt(String value) {
            if (!value.equals("true") && !value.equals("strict") && !value.equals("false")) {
                throw new IllegalArgumentException("encrypt must be true, strict or false");
            }
            this.encrypt = value;
            return this;
        }

        /** Skip certificate validation. Default false; never in production. */
        public Builder trustServerCertificate(boolean value) {
            this.trustServerCertificate = value;
            return this;
        }

        /** The name expected in the server certificate, when it differs from the host (e.g. the listener name). */
        public Builder hostNameInCertificate(String value) {
            this.hostNameInCertificate = value;
            return this;
        }

        /** A trust store holding the CA of the server certificates, and its password (may be null). */
        public Builder trustStore(Path path, char[] password) {
            this.trustStore = Objects.requireNonNull(path, "path");
            this.trustStorePassword = password == null ? null : password.clone();
            return this;
        }

        /** The application name SQL Server shows in its sessions (default {@code entsso}). */
        public Builder applicationName(String value) {
            this.applicationName = Names.requireName("applicationName", value, 128);
            return this;
        }

        /** The settings. */
        public SqlServerConnectionSettings build() {
            return new SqlServerConnectionSettings(this);
        }
    }
}
