package org.entsso.sso.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entsso.sso.client.internal.Endpoints;

/**
 * How an {@link SsoClient} finds the SSO servers and how long it waits for them: a seed list of one or more SSO server
 * endpoints, from which the client reads the cluster's current SSO servers ({@code GET /v1/sys/nodes}) and keeps that
 * list fresh from any reachable one; the TLS files of the caller's certificate; and the timeouts. Built with
 * {@link #builder()} or read from {@code client.properties} by {@link ClientConfigFile}; the keys are documented in
 * sso-server/docs/client.md.
 *
 * <p>Immutable; thread-safe. The password file's content is read when the client opens, never held here.
 */
public final class ClientConfig {
    /** Default time a write is retried for before it fails with 10783. */
    public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(30);
    /** Default limit on one request to one server, and the budget of a read's retry rounds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Default wait for one server before a read asks the next one as well (a lookup takes about a millisecond). */
    public static final Duration DEFAULT_HEDGE_DELAY = Duration.ofMillis(200);
    /** Default wait for one server before a write is sent to the next one as well, with the same idempotency key. */
    public static final Duration DEFAULT_WRITE_HEDGE_DELAY = Duration.ofSeconds(1);
    /** Default interval between two reads of the server list ({@code GET /v1/sys/nodes}). */
    public static final Duration DEFAULT_DISCOVERY_INTERVAL = Duration.ofSeconds(5);

    private final Optional<Path> keyStore;
    private final Optional<Path> keyStorePasswordFile;
    private final Optional<Path> trustStore;
    private final List<URI> servers;
    private final Duration writeDeadline;
    private final Duration requestTimeout;
    private final Duration hedgeDelay;
    private final Duration writeHedgeDelay;
    private final Duration discoveryInterval;
    private final boolean discovery;

    private ClientConfig(Builder b) {
        this.keyStore = Optional.ofNullable(b.keyStore);
        this.keyStorePasswordFile = Optional.ofNullable(b.keyStorePasswordFile);
        this.trustStore = Optional.ofNullable(b.trustStore);
        this.servers = List.copyOf(b.servers);
        this.writeDeadline = b.writeDeadline;
        this.requestTimeout = b.requestTimeout;
        this.hedgeDelay = b.hedgeDelay;
        this.writeHedgeDelay = b.writeHedgeDelay;
        this.discoveryInterval = b.discoveryInterval;
        this.discovery = b.discovery;
    }

    /** A builder with the defaults and no servers yet. */
    public static Builder builder() {
        return new Builder();
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

    /**
     * The seed SSO server endpoints ({@code https://host:port}), at least one: the client reads the cluster's SSO
     * servers from them and keeps them in its list, before the discovered ones.
     */
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

    /** How often the server list is read from a reachable server (also at once after a connection failure). */
    public Duration discoveryInterval() {
        return discoveryInterval;
    }

    /**
     * Whether the server list is read from the servers ({@code GET /v1/sys/nodes}); false keeps the client on the
     * configured servers alone (a tool that must talk to one given server).
     */
    public boolean discovery() {
        return discovery;
    }

    /** A builder holding this configuration, to change a value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.keyStore = keyStore.orElse(null);
        b.keyStorePasswordFile = keyStorePasswordFile.orElse(null);
        b.trustStore = trustStore.orElse(null);
        b.servers.addAll(servers);
        b.writeDeadline = writeDeadline;
        b.requestTimeout = requestTimeout;
        b.hedgeDelay = hedgeDelay;
        b.writeHedgeDelay = writeHedgeDelay;
        b.discoveryInterval = discoveryInterval;
        b.discovery = discovery;
        return b;
    }

    @Override
    public String toString() {
        return "ClientConfig[servers=" + servers + ", writeDeadline=" + writeDeadline + ", requestTimeout="
                + requestTimeout + ", hedgeDelay=" + hedgeDelay + ", writeHedgeDelay=" + writeHedgeDelay
                + ", discovery=" + (discovery ? discoveryInterval.toString() : "off") + "]";
    }

    /**
     * Builds a {@link ClientConfig}. Setters throw {@link IllegalArgumentException} for a value that can never work;
     * {@link #build()} for a combination that cannot (no seed server).
     * Not thread-safe.
     */
    public static final class Builder {
        private Path keyStore;
        private Path keyStorePasswordFile;
        private Path trustStore;
        private final List<URI> servers = new ArrayList<>();
        private Duration writeDeadline = DEFAULT_WRITE_DEADLINE;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration hedgeDelay = DEFAULT_HEDGE_DELAY;
        private Duration writeHedgeDelay = DEFAULT_WRITE_HEDGE_DELAY;
        private Duration discoveryInterval = DEFAULT_DISCOVERY_INTERVAL;
        private boolean discovery = true;

        private Builder() {}

        /** The caller's PKCS#12 key store, its password file and the cluster CA certificate (PEM). */
        public Builder tlsFiles(Path keyStore, Path keyStorePasswordFile, Path trustStore) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.keyStorePasswordFile = Objects.requireNonNull(keyStorePasswordFile, "keyStorePasswordFile");
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /** Adds a seed SSO server endpoint, {@code https://host:port}. */
        public Builder server(URI endpoint) {
            servers.add(Endpoints.check(endpoint));
            return this;
        }

        /** Adds seed SSO server endpoints. */
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

        /** How often the server list is read from a reachable server (positive). */
        public Builder discoveryInterval(Duration interval) {
            this.discoveryInterval = positive(interval, "discovery interval");
            return this;
        }

        /** Whether to read the server list from the servers (default true); false: the configured servers only. */
        public Builder discovery(boolean enabled) {
            this.discovery = enabled;
            return this;
        }

        /** The configuration; at least one seed server is required. */
        public ClientConfig build() {
            if (servers.isEmpty()) {
                throw new IllegalArgumentException(
                        "the client needs at least one SSO server to start from (https://host:port); it finds the"
                                + " others from it");
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
