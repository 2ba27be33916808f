package org.entsso.sso.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.internal.Relay;

/**
 * The node's end of the SSO database's TLS tunnel (DESIGN.md decision 13): listens on an ephemeral port of the loopback
 * address and carries each connection made there over TLS 1.3 to a {@link DatabaseTunnelServer} at {@code host:port},
 * presenting the node's certificate. The server must present a {@link CertificateKind#DATABASE} certificate of the
 * cluster CA whose subject alternative name is {@code host} (host name verification as HTTPS does it); anything else
 * fails the handshake. The node's JDBC URL points at {@link #localPort()} on 127.0.0.1.
 *
 * <p>A connection the tunnel cannot carry (database unreachable, handshake refused) is closed right after it was
 * accepted, which the H2 driver reports as a broken connection (H2 error 90067, SQL state 08...), so the store's retry
 * policy treats an outage behind the tunnel as it treats one without it ({@code store.TransientErrors}); the reason is
 * logged (rate-limited) and kept as {@link #lastFailure()}.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED ({@link #start()} binds; a second start is an {@link
 * IllegalStateException}; {@link #close()} is idempotent and closes every connection). Thread-safe; two platform
 * threads per carried connection, at most {@link TunnelLimits#maxConnections()} connections.
 */
public final class DatabaseTunnel implements Closeable {
    private static final Logger LOG = LogManager.getLogger(DatabaseTunnel.class);

    /** The lifecycle states. */
    public enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final TlsMaterial tls;
    private final String host;
    private final int port;
    private final TunnelLimits limits;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private volatile SSLSocketFactory sockets;
    private volatile Relay relay;
    private final AtomicReference<IOException> probeFailure = new AtomicReference<>();

    /**
     * @param tls this party's certificate (a node's, or an admin's) and the cluster CA
     * @param host the database server's host, as its certificate names it
     * @param port its TLS port
     * @param limits connect and handshake timeouts, connection limit
     */
    public DatabaseTunnel(TlsMaterial tls, String host, int port, TunnelLimits limits) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Not a TCP port: " + port);
        }
        this.port = port;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Binds an ephemeral loopback port, starts accepting, and checks the way to the server once (see {@link #probe()}:
     * a failure is logged, not thrown; a connection that cannot reach the server fails when it is made, as a direct
     * one would).
     *
     * @throws UncheckedIOException when no loopback port can be bound (the tunnel is then CLOSED)
     * @throws IllegalStateException when started before or closed
     */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Cannot start a database tunnel that is " + state.get());
        }
        sockets = tls.peerContext(EnumSet.of(CertificateKind.DATABASE)).getSocketFactory();
        ServerSocket local;
        try {
            local = new ServerSocket();
            local.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            state.set(State.CLOSED);
            throw new UncheckedIOException("cannot listen on the loopback address for the database tunnel", e);
        }
        Relay r = new Relay(
                "sso-db-tunnel-" + local.getLocalPort(),
                local,
                limits.maxConnections(),
                this::dial,
                LOG,
                "TLS handshakes with the SSO database at " + host + ":" + port + " that failed",
                "connections to the SSO database at " + host + ":" + port + " that failed");
        relay = r;
        r.start();
        if (state.get() == State.CLOSED) { // closed while starting
            r.close();
        }
        LOG.info(
                "SSO database tunnel 127.0.0.1:{} -> {}:{} (TLS 1.3, database certificate of the cluster CA)",
                local.getLocalPort(),
                host,
                port);
        probe();
    }

    /**
     * Goes the whole way once, at start: connects, completes the handshake, then ends its output and waits for the
     * server to end the relayed connection in turn. That proves the server's certificate, the server's acceptance of
     * ours (in TLS 1.3 a refusal only arrives after the client's handshake is done) and the database behind it, and it
     * pays the TLS stack's first-use cost (class loading, a cold JIT: seconds on a loaded machine) here rather than
     * within the database driver's read timeout on the first pooled connection. A failure is logged and kept as
     * {@link #lastFailure()}, not thrown: the store's first connection fails with the same cause, and is explained by it.
     */
    private void probe() {
        long started = System.nanoTime();
        try (SSLSocket server = connectServer()) {
            Relay.handshake(server::shutdownOutput);
            server.setSoTimeout((int) limits.handshakeTimeout().toMillis());
            // The database answers a client that said nothing by closing; a refusal arrives here as a TLS alert.
            server.getInputStream().transferTo(OutputStream.nullOutputStream());
            LOG.info(
                    "SSO database at {}:{} accepted this process's certificate and presented a database certificate of"
                            + " the cluster CA ({} ms)",
                    host,
                    port,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            probeFailure.set(e);
            LOG.warn("SSO database at {}:{} could not be reached through the TLS tunnel at start: {}", host, port, e);
        }
    }

    /** Connects the server, completes the handshake (the trust manager checks the certificate and the host name). */
    private Relay.Pair dial(Socket accepted) throws IOException {
        accepted.setTcpNoDelay(true);
        return new Relay.Pair(accepted, connectServer());
    }

    private SSLSocket connectServer() throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.setTcpNoDelay(true);
            tcp.setKeepAlive(true);
            tcp.connect(new InetSocketAddress(host, port), (int)
                    limits.connectTimeout().toMillis());
            SSLSocket server = (SSLSocket) sockets.createSocket(tcp, host, port, true);
            SSLParameters parameters = server.getSSLParameters();
            parameters.setProtocols(new String[] {TlsMaterial.PROTOCOL});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            server.setSSLParameters(parameters);
            server.setUseClientMode(true);
            server.setSoTimeout((int) limits.handshakeTimeout().toMillis());
            Relay.handshake(server::startHandshake);
            server.setSoTimeout(0);
            return server;
        } catch (IOException e) {
            tcp.close();
            throw e;
        }
    }

    /** The lifecycle state. */
    public State state() {
        return state.get();
    }

    /** The loopback port the node's JDBC URL points at. */
    public int localPort() {
        Relay r = relay;
        if (r == null) {
            throw new IllegalStateException("The database tunnel is " + state.get());
        }
        return ((InetSocketAddress) r.localAddress()).getPort();
    }

    /** Where the tunnel leads, {@code host:port}. */
    public String target() {
        return host + ":" + port;
    }

    /**
     * The latest reason a connection could not be carried (unreachable server, refused handshake), or else why the
     * check at start failed, if either happened.
     */
    public Optional<IOException> lastFailure() {
        Relay r = relay;
        Optional<IOException> relayed = r == null ? Optional.empty() : r.lastFailure();
        return relayed.or(() -> Optional.ofNullable(probeFailure.get()));
    }

    /** Stops accepting and closes every connection. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        Relay r = relay;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public String toString() {
        return "DatabaseTunnel[-> " + host + ":" + port + ", " + state.get() + "]";
    }
}
