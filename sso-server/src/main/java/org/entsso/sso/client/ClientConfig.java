package org.entsso.sso.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ZkTls;
import org.entsso.sso.client.internal.Endpoints;

/**
 * How an {@link SsoClient} finds the SSO servers and how long it waits for them: a static list of endpoints and/or
 * ZooKeeper discovery (the cluster's Up nodes carrying the membership attribute {@code SsoEndpoint}), the TLS files of
 * the caller's certificate, and the timeouts. ZooKeeper is reached over TLS with the same certificate (DESIGN.md
 * decision 13) unless {@link Builder#zookeeperPlaintext()} asked for plaintext. Built with {@link #builder()} or read
 * from {@code client.properties} by {@link ClientConfigFile}; the keys are documented in sso-server/docs/client.md.
 *
 * <p>Immutable; thread-safe. The password file's content is read when the client opens, never held here.
 */
public final class ClientConfig {
    /** Default ZooKeeper session timeout (DESIGN.md decision 2). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = ClusterConnection.DEFAULT_SESSION_TIMEOUT;
    /** Default time a write is retried for before it fails with 10783. */
    public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(30);
    /** Default limit on one request to one server, and the budget of a read's retry rounds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Default wait for one server before a read asks the next one as well (a lookup takes about a millisecond). */
    public static final Duration DEFAULT_HEDGE_DELAY = Duration.ofMillis(200);
    /** Default wait for one server before a write is sent to the next one as well, with the same idempotency key. */
    public static final Duration DEFAULT_WRITE_HEDGE_DELAY = Duration.ofSeconds(1);
    /** Default interval between two reads of the server list from ZooKeeper. */
    public static final Duration DEFAULT_DISCOVERY_INTERVAL = Duration.ofSeconds(2);

    private final String clusterName;
    private final Optional<String> zookeeperConnect;
    private final Duration sessionTimeout;
    private final boolean zooKeeperTls;
    private final Optional<Path> keyStore;
    private final Optional<Path> keyStorePasswordFile;
    private final Optional<Path> trustStore;
    private final List<URI> servers;
    private final Duration writeDeadline;
    private final Duration requestTimeout;
    private final Duration hedgeDelay;
    private final Duration writeHedgeDelay;
    private final Duration discoveryInterval;

    private ClientConfig(Builder b) {
        this.clusterName = b.clusterName;
        this.zookeeperConnect = Optional.ofNullable(b.zookeeperConnect);
        this.sessionTimeout = b.sessionTimeout;
        this.zooKeeperTls = b.zooKeeperTls;
        this.keyStore = Optional.ofNullable(b.keyStore);
        this.keyStorePasswordFile = Optional.ofNullable(b.keyStorePasswordFile);
        this.trustStore = Optional.ofNullable(b.trustStore);
        this.servers = List.copyOf(b.servers);
        this.writeDeadline = b.writeDeadline;
        this.requestTimeout = b.requestTimeout;
        this.hedgeDelay = b.hedgeDelay;
        this.writeHedgeDelay = b.writeHedgeDelay;
        this.discoveryInterval = b.discoveryInterval;
    }

    /** A builder with the defaults and neither servers nor ZooKeeper yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cluster whose nodes are discovered (its ZooKeeper root); {@code cluster1} by default. */
    public String clusterName() {
        return clusterName;
    }

    /** The ZooKeeper connect string, when servers are discovered. */
    public Optional<String> zookeeperConnect() {
        return zookeeperConnect;
    }

    /** The ZooKeeper session timeout of the discovery connection. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** Whether ZooKeeper is reached over TLS with {@link #keyStore()}'s certificate; false only when asked for. */
    public boolean zooKeeperTls() {
        return zooKeeperTls;
    }

    /**
     * The connection to the cluster's ZooKeeper, when servers are discovered or located through it: over TLS with the
     * TLS files unless {@link #zooKeeperTls()} is off.
     *
     * @param connectionTimeout how long the first connection may take
     */
    public Optional<ClusterConnection> zooKeeperConnection(Duration connectionTimeout) {
        return zookeeperConnect.map(connect -> {
            ClusterConnection plain =
                    new ClusterConnection(connect, clusterName, sessionTimeout, connectionTimeout, Optional.empty());
            return zooKeeperTls
                    ? plain.withTls(ZkTls.of(
                            keyStore.orElseThrow(), keyStorePasswordFile.orElseThrow(), trustStore.orElseThrow()))
                    : plain;
        });
    }

    /** The PKCS#12 file with the caller's certificate and key (empty when the TLS material is given in memory). */
    public Optional<Path> keyStore() {
        return keyStore;
    }

    /** The file holding the key store's password. */
    public Optional<Path> keyStorePasswordFile() {
        return keyStorePasswordFile;
    }

    /** The cluster CA certificate (PEM), the only trust anchor. */
    public Optional<Path> trustStore() {
        return trustStore;
    }

    /** Statically configured SSO server endpoints ({@code https://host:port}), used before discovered ones. */
    public List<URI> servers() {
        return servers;
    }

    /** How long a write is retried before it fails with 10783. */
    public Duration writeDeadline() {
        return writeDeadline;
    }

    /** The limit on one request to one server, and the budget for a read's further rounds. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * How long a read waits for the server asked before asking the next one as well (a hedged request; the first
     * answer wins), so a frozen server costs this, not {@link #requestTimeout()}.
     */
    public Duration hedgeDelay() {
        return hedgeDelay;
    }

    /** {@link #hedgeDelay()} for writes, which are sent again with the same idempotency key. */
    public Duration writeHedgeDelay() {
        return writeHedgeDelay;
    }

    /** How often the server list is read from ZooKeeper (also at once after a connection failure). */
    public Duration discoveryInterval() {
        return discoveryInterval;
    }

    /** A builder holding this configuration, to change a value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.clusterName = clusterName;
        b.zookeeperConnect = zookeeperConnect.orElse(null);
        b.sessionTimeout = sessionTimeout;
        b.zooKeeperTls = zooKeeperTls;
        b.keyStore = keyStore.orElse(null);
        b.keyStorePasswordFile = keyStorePasswordFile.orElse(null);
        b.trustStore = trustStore.orElse(null);
        b.servers.addAll(servers);
        b.writeDeadline = writeDeadline;
        b.requestTimeout = requestTimeout;
        b.hedgeDelay = hedgeDelay;
        b.writeHedgeDelay = writeHedgeDelay;
        b.discoveryInterval = discoveryInterval;
        return b;
    }

    @Override
    public String toString() {
        return "ClientConfig[cluster=" + clusterName + ", zookeeper=" + zookeeperConnect.orElse("-")
                + (zookeeperConnect.isPresent() ? (zooKeeperTls ? " (TLS)" : " (plaintext)") : "") + ", servers="
                + servers + ", writeDeadline=" + writeDeadline + ", requestTimeout=" + requestTimeout + ", hedgeDelay="
                + hedgeDelay + ", writeHedgeDelay=" + writeHedgeDelay
                + "]";
    }

    /**
     * Builds a {@link ClientConfig}. Setters throw {@link IllegalArgumentException} for a value that can never work;
     * {@link #build()} for a combination that cannot (no server source; ZooKeeper over TLS without the TLS files).
     * Not thread-safe.
     */
    public static final class Builder {
        private String clusterName = ClusterConnection.DEFAULT_CLUSTER_NAME;
        private String zookeeperConnect;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private boolean zooKeeperTls = true;
        private Path keyStore;
        private Path keyStorePasswordFile;
        private Path trustStore;
        private final List<URI> servers = new ArrayList<>();
        private Duration writeDeadline = DEFAULT_WRITE_DEADLINE;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration hedgeDelay = DEFAULT_HEDGE_DELAY;
        private Duration writeHedgeDelay = DEFAULT_WRITE_HEDGE_DELAY;
        private Duration discoveryInterval = DEFAULT_DISCOVERY_INTERVAL;

        private Builder() {}

        /** Discovers servers through this ZooKeeper ensemble and cluster (null name: {@code cluster1}). */
        public Builder zookeeper(String connectString, String clusterName) {
            // Validated as the cluster engine would: the same name rules, the same non-empty connect string.
            ClusterConnection checked = new ClusterConnection(connectString, clusterName, null, null, null);
            this.zookeeperConnect = checked.connectString();
            this.clusterName = checked.clusterName();
            return this;
        }

        /**
         * Reaches ZooKeeper without TLS: the explicit opt-out for an ensemble that has none (DESIGN.md decision 13),
         * which {@link SsoClient#open} logs.
         */
        public Builder zookeeperPlaintext() {
            this.zooKeeperTls = false;
            return this;
        }

        /** The discovery connection's session timeout (at least 1 s). */
        public Builder sessionTimeout(Duration timeout) {
            if (timeout.toMillis() < 1000) {
                throw new IllegalArgumentException("the session timeout must be at least 1s, not " + timeout);
            }
            this.sessionTimeout = timeout;
            return this;
        }

        /** The caller's PKCS#12 key store, its password file and the cluster CA certificate (PEM). */
        public Builder tlsFiles(Path keyStore, Path keyStorePasswordFile, Path trustStore) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.keyStorePasswordFile = Objects.requireNonNull(keyStorePasswordFile, "keyStorePasswordFile");
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /** Adds a static SSO server endpoint, {@code https://host:port}. */
        public Builder server(URI endpoint) {
            servers.add(Endpoints.check(endpoint));
            return this;
        }

        /** Adds static SSO server endpoints. */
        public Builder servers(List<URI> endpoints) {
            endpoints.forEach(this::server);
            return this;
        }

        /** How long writes are retried (positive). */
        public Builder writeDeadline(Duration deadline) {
            this.writeDeadline = positive(deadline, "write deadline");
            return this;
        }

        /** The limit on one request to one server (positive). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /** How long a read waits for one server before asking the next as well (positive). */
        public Builder hedgeDelay(Duration delay) {
            this.hedgeDelay = positive(delay, "hedge delay");
            return this;
        }

        /** How long a write waits for one server before sending it to the next as well (positive). */
        public Builder writeHedgeDelay(Duration delay) {
            this.writeHedgeDelay = positive(delay, "write hedge delay");
            return this;
        }

        /** How often ZooKeeper is read for the server list (positive). */
        public Builder discoveryInterval(Duration interval) {
            this.discoveryInterval = positive(interval, "discovery interval");
            return this;
        }

        /**
         * The configuration; at least one static server or ZooKeeper is required, and ZooKeeper over TLS needs the TLS
         * files.
         */
        public ClientConfig build() {
            if (servers.isEmpty() && zookeeperConnect == null) {
                throw new IllegalArgumentException(
                        "the client needs SSO servers: a static list of endpoints, ZooKeeper discovery, or both");
            }
            if (zookeeperConnect != null && zooKeeperTls && keyStore == null) {
                throw new IllegalArgumentException(
                        "ZooKeeper is reached over TLS with the certificate of the TLS files:"
                                + " give tlsFiles(...), or zookeeperPlaintext() for an ensemble without TLS");
            }
            return new ClientConfig(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the " + what + " must be positive, not " + d);
            }
            return d;
        }
    }
}
