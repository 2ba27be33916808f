package org.entsso.sso.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.internal.Relay;

/**
 * The SSO database's TLS front (DESIGN.md decision 13), run in the H2 server process: accepts TLS 1.3 connections on
 * {@code listen} and forwards each, once its handshake is done, to the database's plaintext TCP port on the loopback
 * address, which is all H2 itself listens on. The handshake requires a client certificate that validates against the
 * cluster CA (the only trust anchor of {@code tls}) and is a node or an admin certificate ({@link CertificateKind}); a
 * client without one, with another CA's, or with a host instance's certificate is refused inside the handshake, and
 * logged (rate-limited) with its address and the reason. The server presents {@code tls}'s certificate, which clients
 * ({@link DatabaseTunnel}) accept only as a {@link CertificateKind#DATABASE} certificate naming the host they dialled.
 *
 * <p>Why not H2's own {@code ssl://}: it takes the JVM-wide default socket factory (global state) and enables anonymous
 * cipher suites, so it authenticates nobody. This front builds its context from explicit key and trust material.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED ({@link #start()} binds; a second start is an {@link
 * IllegalStateException}; {@link #close()} is idempotent and closes every relayed connection). Thread-safe; two platform
 * threads per relayed connection, at most {@link TunnelLimits#maxConnections()} connections.
 */
public final class DatabaseTunnelServer implements Closeable {
    private static final Logger LOG = LogManager.getLogger(DatabaseTunnelServer.class);

    /** The lifecycle states. */
    public enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final TlsMaterial tls;
    private final InetSocketAddress listen;
    private final int backendPort;
    private final TunnelLimits limits;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private volatile Relay relay;

    /**
     * @param tls the database server's certificate (kind {@code database}) and the cluster CA
     * @param listen where clients connect (port 0: any free port)
     * @param backendPort the database's plaintext port on the loopback address
     * @param limits connect and handshake timeouts, connection limit
     */
    public DatabaseTunnelServer(TlsMaterial tls, InetSocketAddress listen, int backendPort, TunnelLimits limits) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.listen = Objects.requireNonNull(listen, "listen");
        if (backendPort < 1 || backendPort > 65535) {
            throw new IllegalArgumentException("Not a TCP port: " + backendPort);
        }
        this.backendPort = backendPort;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Binds the TLS port and starts accepting.
     *
     * @throws UncheckedIOException when the port cannot be bound (the server is then CLOSED)
     * @throws IllegalStateException when started before or closed
     */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Cannot start a database tunnel server that is " + state.get());
        }
        SSLServerSocket server;
        try {
            server = (SSLServerSocket) tls.peerContext(EnumSet.of(CertificateKind.NODE, CertificateKind.ADMIN))
                    .getServerSocketFactory()
                    .createServerSocket();
            SSLParameters parameters = server.getSSLParameters();
            parameters.setProtocols(new String[] {TlsMaterial.PROTOCOL});
            parameters.setNeedClientAuth(true);
            server.setSSLParameters(parameters);
            server.setReuseAddress(true);
            server.bind(listen, 128);
        } catch (IOException e) {
            state.set(State.CLOSED);
            throw new UncheckedIOException("cannot listen for TLS database connections on " + listen, e);
        }
        Relay r = new Relay(
                "sso-db-tls-" + server.getLocalPort(),
                server,
                limits.maxConnections(),
                this::dial,
                LOG,
                "SSO database TLS handshakes refused on " + server.getLocalSocketAddress(),
                "SSO database connections through " + server.getLocalSocketAddress()
                        + " that could not reach the database on 127.0.0.1:" + backendPort);
        relay = r;
        r.start();
        if (state.get() == State.CLOSED) { // closed while starting
            r.close();
        }
        LOG.info(
                "SSO database TLS front on {} -> 127.0.0.1:{} (client certificate of the cluster CA required)",
                server.getLocalSocketAddress(),
                backendPort);
    }

    /** Completes the client's handshake (the trust manager checks its certificate), then connects the database. */
    private Relay.Pair dial(Socket accepted) throws IOException {
        SSLSocket client = (SSLSocket) accepted;
        client.setTcpNoDelay(true);
        client.setKeepAlive(true);
        client.setSoTimeout((int) limits.handshakeTimeout().toMillis());
        Relay.handshake(client::startHandshake);
        client.setSoTimeout(0);
        if (LOG.isDebugEnabled()) {
            X509Certificate peer = (X509Certificate) client.getSession().getPeerCertificates()[0];
            LOG.debug(
                    "SSO database connection from {} ({})",
                    client.getRemoteSocketAddress(),
                    CertificateIdentity.of(peer).principal());
        }
        Socket backend = new Socket();
        try {
            backend.setTcpNoDelay(true);
            backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort), (int)
                    limits.connectTimeout().toMillis());
        } catch (IOException e) {
            backend.close();
            throw e;
        }
        return new Relay.Pair(client, backend);
    }

    /** The lifecycle state. */
    public State state() {
        return state.get();
    }

    /** The bound TLS port. */
    public int port() {
        Relay r = relay;
        if (r == null) {
            throw new IllegalStateException("The database tunnel server is " + state.get());
        }
        return ((InetSocketAddress) r.localAddress()).getPort();
    }

    /** Stops accepting and closes every relayed connection. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        Relay r = relay;
        if (r != null) {
            r.close();
            LOG.info("SSO database TLS front on {} closed", r.localAddress());
        }
    }

    @Override
    public String toString() {
        return "DatabaseTunnelServer[" + listen + " -> 127.0.0.1:" + backendPort + ", " + state.get() + "]";
    }
}
