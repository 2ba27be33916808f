package org.entsso.sso.node;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.SqlServerConnectionSettings;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.store.TransientErrors;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.DatabaseTunnel;
import org.entsso.sso.transport.TunnelLimits;

/**
 * A process's way to the SSO database, as {@link DatabaseSettings} describe it (DESIGN.md decision 13). For an H2
 * server ({@code jdbc:h2:tcp://host:port/...}) it runs a {@link DatabaseTunnel} presenting {@code tls} (the node's
 * certificate, or the administrator's during {@code sso-init}) and points the store at the tunnel's loopback end; SQL
 * Server's URL is used as it is, with the trust store's password read from its owner-only file into a driver property.
 * The plaintext opt-out is logged at WARN once, when it starts.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED: {@link #storeConfig()} needs STARTED; a second {@link #start()} is an
 * {@link IllegalStateException}; {@link #close()} is idempotent and closes the tunnel, which ends every connection
 * through it, so close the store first. Thread-safe.
 */
public final class DatabaseAccess implements Closeable {
    private static final Logger LOG = LogManager.getLogger(DatabaseAccess.class);

    /** Connections the tunnel carries at once: a node's pool (10), Flyway's bootstrap pool (3), and room to spare. */
    static final int TUNNEL_CONNECTIONS = 64;

    /** The lifecycle states. */
    public enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final DatabaseSettings settings;
    private final TlsMaterial tls;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private volatile DatabaseTunnel tunnel;

    /**
     * @param settings the database keys
     * @param tls the certificate presented to a tunnelled H2 server (unused otherwise)
     */
    public DatabaseAccess(DatabaseSettings settings, TlsMaterial tls) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /**
     * Logs the plaintext opt-out, if any, and starts the tunnel when the database is reached through one.
     *
     * @throws IllegalStateException when started before or closed
     */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Cannot start database access that is " + state.get());
        }
        settings.plaintextWarning().ifPresent(LOG::warn);
        if (settings.tunnelled()) {
            H2Urls.TcpServer server = H2Urls.tcpServer(settings.url());
            DatabaseTunnel t =
                    new DatabaseTunnel(tls, server.host(), server.port(), TunnelLimits.defaults(TUNNEL_CONNECTIONS));
            tunnel = t;
            t.start();
        }
    }

    /**
     * A store configuration for the database: the tunnel's loopback URL or the configured one, the login and its
     * password (read from its file now), and SQL Server's trust store password as a driver property.
     */
    public StoreConfig.Builder storeConfig() {
        if (state.get() != State.STARTED) {
            throw new IllegalStateException("Database access is " + state.get());
        }
        StoreConfig.Builder b = StoreConfig.builder(jdbcUrl());
        if (settings.user().isPresent() || settings.passwordFile().isPresent()) {
            // A password file without a user is the default login's (sa), never silently ignored.
            char[] password = settings.passwordFile()
                    .map(f -> PasswordFiles.read(f, "database password file", SsoError.INVALID_ARGUMENT))
                    .orElse(new char[0]);
            b.credentials(settings.user().orElse("sa"), password);
            Arrays.fill(password, '\0');
        }
        settings.trustStorePasswordFile().ifPresent(f -> {
            char[] password = PasswordFiles.read(f, "trust store password file", SsoError.INVALID_ARGUMENT);
            b.driverProperty(SqlServerConnectionSettings.TRUST_STORE_PASSWORD_PROPERTY, new String(password));
            Arrays.fill(password, '\0');
        });
        return b;
    }

    /** The URL the driver is given: the tunnel's loopback end for a tunnelled H2 server, else the configured one. */
    public String jdbcUrl() {
        DatabaseTunnel t = tunnel;
        return t == null ? settings.url() : H2Urls.withServer(settings.url(), "127.0.0.1", t.localPort());
    }

    /**
     * {@code failure} of opening the store, explained by the tunnel when it is a connection failure and the tunnel
     * could not carry a connection (server unreachable, handshake refused): a DATABASE_UNAVAILABLE error whose cause is
     * the tunnel's, with {@code failure} suppressed in it; {@code failure} itself otherwise.
     */
    public RuntimeException explain(RuntimeException failure) {
        DatabaseTunnel t = tunnel;
        Optional<IOException> cause = t == null ? Optional.empty() : t.lastFailure();
        boolean connectionFailure = TransientErrors.isTransient(failure)
                || (failure instanceof SsoException s && s.error() == SsoError.DATABASE_UNAVAILABLE);
        if (cause.isEmpty() || !connectionFailure) {
            return failure;
        }
        SsoException explained = new SsoException(
                SsoError.DATABASE_UNAVAILABLE,
                "The SSO database at " + t.target() + " could not be reached through the TLS tunnel: "
                        + cause.get().getMessage(),
                cause.get());
        explained.addSuppressed(failure);
        return explained;
    }

    /** The lifecycle state. */
    public State state() {
        return state.get();
    }

    /** Closes the tunnel, if any. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        DatabaseTunnel t = tunnel;
        if (t != null) {
            t.close();
        }
    }

    @Override
    public String toString() {
        return "DatabaseAccess[" + settings.url() + (settings.tunnelled() ? ", TLS tunnel" : "") + ", " + state.get()
                + "]";
    }
}
