package org.entsso.sso.store;

import java.io.Closeable;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.DatabaseTunnelServer;
import org.entsso.sso.transport.TunnelLimits;
import org.h2.tools.Server;

/**
 * The SSO database served to node processes (DESIGN.md decisions 8 and 13): H2's TCP server for the databases in one
 * base directory ({@code -ifExists}: no client can create another; no {@code -tcpAllowOthers}: it accepts local
 * connections only), and in front of it, unless the explicit plaintext opt-out is chosen, a {@link
 * DatabaseTunnelServer} that takes TLS 1.3 connections with a client certificate of the cluster CA on {@code
 * host:port} and forwards them to H2 on the loopback address. Clients then reach the database at {@link #url()}
 * through their {@code DatabaseTunnel}.
 *
 * <p>H2 binds its port to the address of the JVM property {@code h2.bindAddress} (read once by H2; no API sets it),
 * so the process that runs this must be started with {@code -Dh2.bindAddress=127.0.0.1} for H2's plaintext port to be
 * reachable from this machine only: {@link H2ServerLauncher} refuses to start without it.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED; {@link #close()} is idempotent and stops the TLS front first. Thread-safe.
 */
public final class H2DatabaseServer implements Closeable {
    /** Connections the TLS front relays at once: three nodes' pools with room for more nodes and tools. */
    static final int TLS_CONNECTIONS = 200;

    /**
     * What to serve.
     *
     * @param baseDir the folder of the databases
     * @param host the address the TLS port binds, and the host clients name (the database certificate's name)
     * @param port the port clients connect to: the TLS port, or H2's own with the plaintext opt-out (0: any)
     * @param h2Port H2's plaintext port on the loopback address behind the TLS front (0: any); unused in plaintext
     * @param tls the database server's certificate and the cluster CA; empty: the plaintext opt-out, H2 serves
     *     {@code port} itself
     */
    public record Options(Path baseDir, String host, int port, int h2Port, Optional<TlsMaterial> tls) {
        public Options {
            Objects.requireNonNull(baseDir, "baseDir");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(tls, "tls");
            if (port < 0 || port > 65535 || h2Port < 0 || h2Port > 65535) {
                throw new IllegalArgumentException("ports are 0 (any) to 65535");
            }
        }
    }

    /** The lifecycle states. */
    public enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final Options options;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private volatile Server h2;
    private volatile DatabaseTunnelServer front;

    public H2DatabaseServer(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Starts H2's TCP server, then the TLS front. Releases what it started when a step fails.
     *
     * @throws SQLException when H2 cannot listen
     * @throws java.io.UncheckedIOException when the TLS port cannot be bound
     */
    public void start() throws SQLException {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Cannot start a database server that is " + state.get());
        }
        int h2Port = options.tls().isPresent() ? options.h2Port() : options.port();
        try {
            h2 = Server.createTcpServer(
                            "-tcpPort",
                            String.valueOf(h2Port),
                            "-baseDir",
                            options.baseDir().toString(),
                            "-ifExists")
                    .start();
            if (options.tls().isPresent()) {
                DatabaseTunnelServer f = new DatabaseTunnelServer(
                        options.tls().get(),
                        new InetSocketAddress(options.host(), options.port()),
                        h2.getPort(),
                        TunnelLimits.defaults(TLS_CONNECTIONS));
                front = f;
                f.start();
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The URL clients use: the TLS front's host and port (or H2's own port with the opt-out) and the SSO database. */
    public String url() {
        DatabaseTunnelServer f = front;
        return f != null
                ? H2Urls.server(options.host(), f.port(), H2Urls.DEFAULT_DATABASE)
                : H2Urls.server("127.0.0.1", h2Port(), H2Urls.DEFAULT_DATABASE);
    }

    /** H2's own plaintext port (on the loopback address behind the TLS front). */
    public int h2Port() {
        Server s = h2;
        if (s == null) {
            throw new IllegalStateException("The database server is " + state.get());
        }
        return s.getPort();
    }

    /** Whether clients reach it through the TLS front. */
    public boolean tls() {
        return options.tls().isPresent();
    }

    /** The lifecycle state. */
    public State state() {
        return state.get();
    }

    /** Stops the TLS front (ending every relayed connection), then H2. Idempotent. */
    @Override
    public void close() {
        state.set(State.CLOSED);
        DatabaseTunnelServer f = front;
        if (f != null) {
            f.close();
        }
        Server s = h2;
        if (s != null) {
            s.stop();
        }
    }

    @Override
    public String toString() {
        return "H2DatabaseServer[" + options.baseDir() + ", " + (tls() ? "TLS" : "plaintext") + ", " + state.get()
                + "]";
    }
}
