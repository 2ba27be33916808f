package org.entsso.sso.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.crypto.IssuedCertificate;
import org.entsso.sso.testing.CapturedLog;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.tls.internal.TlsContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SSO database's TLS tunnel on loopback with real TLS 1.3 (DESIGN.md decision 13): a node's tunnel carries bytes
 * both ways, half-close included, to a plaintext backend behind the server; clients without a certificate, with another
 * CA's, or with a host instance's are refused in the handshake and never reach the backend; a server that is not the
 * database, or names another host, is refused by the node's tunnel.
 */
class DatabaseTunnelTest {
    private static final TunnelLimits LIMITS = new TunnelLimits(Timing.forWaiting(), Timing.forWaiting(), 8);

    private final TestPki pki = new TestPki();
    private final AtomicInteger backendConnections = new AtomicInteger();
    private ServerSocket backend;
    private DatabaseTunnelServer server;
    private CapturedLog log;

    @BeforeEach
    void startBackendAndServer() throws IOException {
        log = new CapturedLog("org.entsso.sso.transport");
        backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CompletableFuture.runAsync(this::serveBackend);
        server = new DatabaseTunnelServer(
                pki.database("127.0.0.1"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                backend.getLocalPort(),
                LIMITS);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        backend.close();
        log.close();
    }

    /** The backend answers each connection, once its client has ended its output, with "pong:" and what it read. */
    private void serveBackend() {
        while (!backend.isClosed()) {
            try {
                Socket s = backend.accept();
                backendConnections.incrementAndGet();
                CompletableFuture.runAsync(() -> answer(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answer(Socket s) {
        try (s) {
            byte[] request = s.getInputStream().readAllBytes();
            s.getOutputStream()
                    .write(("pong:" + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private DatabaseTunnel tunnel(TlsMaterial material, String host) {
        DatabaseTunnel tunnel = new DatabaseTunnel(material, host, server.port(), LIMITS);
        tunnel.start();
        return tunnel;
    }

    /** Sends {@code text}, ends the output (half-close) and reads the answer to its end. */
    private static String exchange(int port, String text) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) Timing.forWaiting().toMillis());
            s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void whenANodeCertificateOfTheClusterCa_thenBytesFlowBothWays_andHalfCloseCrossesTheTunnel() throws Exception {
        try (DatabaseTunnel tunnel = tunnel(pki.ssoServer("node2"), "127.0.0.1")) {
            assertThat(backendConnections)
                    .as("the check at start went the whole way")
                    .hasValue(1);
            assertThat(exchange(tunnel.localPort(), "ping")).isEqualTo("pong:ping");
            assertThat(exchange(tunnel.localPort(), "x".repeat(100_000))).hasSize(100_005);
            assertThat(tunnel.lastFailure()).isEmpty();
        }
        assertThat(backendConnections).hasValue(3);
    }

    @Test
    void whenAnAdminCertificate_thenItGetsThrough() throws Exception {
        try (DatabaseTunnel tunnel = tunnel(pki.admin("LOCAL\\ssoadmin"), "127.0.0.1")) {
            assertThat(exchange(tunnel.localPort(), "init")).isEqualTo("pong:init");
        }
    }

    @Test
    void whenTheClientPresentsNoCertificate_thenTheHandshakeIsRefusedAndLogged() throws Exception {
        SSLContext anonymous = TlsContexts.withoutIdentity(pki.ca.certificate(), TlsMaterial.PROTOCOL);
        try (SSLSocket s = (SSLSocket) anonymous.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            s.setSoTimeout((int) Timing.forWaiting().toMillis());
            Throwable refused = catchThrowable(() -> {
                s.startHandshake();
                s.getOutputStream().write(1);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            });
            // An alert, or the connection the server closed after sending it (broken pipe).
            assertThat(refused).isInstanceOf(IOException.class);
        }
        awaitLogged("SSO database TLS handshakes refused");
        assertThat(backendConnections).hasValue(0);
    }

    @Test
    void whenTheClientCertificateIsAnotherCas_thenTheServerRefusesTheHandshake() throws Exception {
        IssuedCertificate foreign = new TestPki().ca.issueNode("node9", "127.0.0.1", EnumSet.of(NodeRole.SSO_SERVER));
        // It trusts our CA (so it accepts the server), but its own certificate is another CA's.
        SSLContext context = TlsContexts.create(
                foreign.chain(), foreign.privateKey(), pki.ca.certificate(), Optional.empty(), Optional.empty());
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            s.setSoTimeout((int) Timing.forWaiting().toMillis());
            Throwable refused = catchThrowable(() -> {
                s.startHandshake();
                s.getOutputStream().write(1);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            });
            assertThat(refused).isInstanceOf(IOException.class);
        }
        awaitLogged("SSO database TLS handshakes refused");
        assertThat(log.text()).contains("PKIX path");
        assertThat(backendConnections).hasValue(0);
    }

    @Test
    void whenTheClientHasAHostInstanceCertificate_thenTheServerRefusesIt_andTheTunnelSaysWhy() throws Exception {
        try (DatabaseTunnel hostInstance = tunnel(pki.client("CONTOSO\\app"), "127.0.0.1")) {
            assertThat(catchEmptyOrBroken(hostInstance.localPort())).isTrue();
            Awaitility.await()
                    .atMost(Timing.forWaiting())
                    .until(() -> hostInstance.lastFailure().isPresent());
            assertThat(hostInstance.lastFailure().get()).isInstanceOf(SSLException.class);
        }
        awaitLogged("SSO database TLS handshakes refused");
        assertThat(log.text()).contains("the client certificate of CONTOSO\\app is of kind client");
        assertThat(backendConnections).hasValue(0);
    }

    @Test
    void whenTheServerIsNotTheDatabase_orNamesAnotherHost_thenTheNodesTunnelRefusesIt() throws Exception {
        server.close();
        for (TlsMaterial impostor : new TlsMaterial[] {
            pki.node("node1", "127.0.0.1", NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER),
            pki.database("db.example.com")
        }) {
            server = new DatabaseTunnelServer(
                    impostor,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    backend.getLocalPort(),
                    LIMITS);
            server.start();
            try (DatabaseTunnel tunnel = tunnel(pki.ssoServer("node2"), "127.0.0.1")) {
                assertThat(catchEmptyOrBroken(tunnel.localPort())).isTrue();
                Awaitility.await()
                        .atMost(Timing.forWaiting())
                        .until(() -> tunnel.lastFailure().isPresent());
                assertThat(tunnel.lastFailure().get()).isInstanceOf(SSLException.class);
            }
            server.close();
        }
        assertThat(backendConnections).hasValue(0);
    }

    @Test
    void whenTheServerIsDown_thenTheTunnelClosesTheConnectionAndSaysWhy() throws Exception {
        int port = server.port();
        server.close();
        try (DatabaseTunnel tunnel = new DatabaseTunnel(pki.ssoServer("node2"), "127.0.0.1", port, LIMITS)) {
            tunnel.start();
            assertThat(catchEmptyOrBroken(tunnel.localPort())).isTrue();
            Awaitility.await()
                    .atMost(Timing.forWaiting())
                    .until(() -> tunnel.lastFailure().isPresent());
            assertThat(tunnel.lastFailure().get()).isInstanceOf(ConnectException.class);
        }
        awaitLogged("connections to the SSO database at 127.0.0.1:" + port + " that failed");
    }

    @Test
    void whenTheServerCloses_thenEveryRelayedConnectionEnds_andItCannotStartAgain() throws Exception {
        try (DatabaseTunnel tunnel = tunnel(pki.ssoServer("node2"), "127.0.0.1");
                Socket open = new Socket(InetAddress.getLoopbackAddress(), tunnel.localPort())) {
            open.setSoTimeout((int) Timing.forWaiting().toMillis());
            open.getOutputStream().write('a');
            // The tunnel's check at start was the first.
            Awaitility.await().atMost(Timing.forWaiting()).until(() -> backendConnections.get() == 2);
            server.close();
            assertThat(catchEmptyOrBroken(open.getInputStream())).isTrue();
            assertThat(server.state()).isEqualTo(DatabaseTunnelServer.State.CLOSED);
            assertThat(catchThrowable(server::start)).isInstanceOf(IllegalStateException.class);
        }
    }

    private void awaitLogged(String text) {
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(20))
                .until(() -> log.text().contains(text));
    }

    /** Whether a connection to {@code port} that sends a request gets no answer but its end (or a reset). */
    private static boolean catchEmptyOrBroken(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) Timing.forWaiting().toMillis());
            try {
                s.getOutputStream().write("request".getBytes(StandardCharsets.UTF_8));
            } catch (IOException reset) {
                return true;
            }
            return catchEmptyOrBroken(s.getInputStream());
        }
    }

    private static boolean catchEmptyOrBroken(InputStream in) {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
