package org.entsso.sso.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.NodeRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-source limit on new connections, on real TLS over loopback: once a source address has used its burst, its
 * next connections are closed before the handshake, while its open connections keep being served and another source
 * address (127.0.0.2, which Linux routes over loopback too) still gets in.
 */
class HandshakeRateTest {
    private static final int BURST = 3;

    private final TestPki pki = new TestPki();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<SSLSocket> open = new ArrayList<>();
    private MutualTlsServer server;

    @BeforeEach
    void start() {
        TlsSettings settings = new TlsSettings(TestPki.LOOPBACK, 0, pki.mss())
                .withLimits(TlsSettings.Limits.DEFAULT.withHandshakeRate(new TlsSettings.HandshakeRate(1, BURST)));
        server = new MutualTlsServer(settings)
                .instrument(registry, "api")
                .route("/fast", (exchange, caller) -> exchange.sendEmpty(204));
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (SSLSocket s : open) {
            s.close();
        }
        server.close();
    }

    @Test
    void whenASourceOpensMoreThanItsBurst_thenTheRestAreClosedBeforeTheHandshake_andOthersAreServed() throws Exception {
        InetAddress first = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < BURST; i++) {
            open.add(handshake(first));
        }
        // At 1 per second, a token comes back now and then while this runs; refusals cost nothing, so some come
        // within a few attempts whatever the machine's speed.
        int refused = 0;
        for (int i = 0; i < 5; i++) {
            try {
                open.add(handshake(first));
            } catch (IOException e) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(1);
        assertThat(refusedCount()).isEqualTo(refused);

        assertThat(get(open.get(0)))
                .as("a connection opened before keeps being served")
                .startsWith("HTTP/1.1 204");
        SSLSocket other = handshake(InetAddress.getByName("127.0.0.2"));
        open.add(other);
        assertThat(get(other)).as("another source address has its own budget").startsWith("HTTP/1.1 204");
    }

    @Test
    void whenTheLimitIsOff_thenASourceMayOpenAsManyAsItLikes() throws Exception {
        server.close();
        server = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss())
                        .withLimits(TlsSettings.Limits.DEFAULT.withHandshakeRate(TlsSettings.HandshakeRate.UNLIMITED)))
                .instrument(registry, "api")
                .route("/fast", (exchange, caller) -> exchange.sendEmpty(204));
        server.start();
        for (int i = 0; i < BURST + 5; i++) {
            open.add(handshake(InetAddress.getByName("127.0.0.1")));
        }
        assertThat(refusedCount()).isZero();
    }

    @Test
    void aRateNeedsABurstOfAtLeastOne() {
        assertThatThrownBy(() -> new TlsSettings.HandshakeRate(5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsSettings.HandshakeRate(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    private SSLSocket handshake(InetAddress source) throws IOException {
        SSLContext context = pki.ssoServer("node2").clientContext(NodeRole.MASTER_SECRET_SERVER);
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(
                        InetAddress.getByName(TestPki.LOOPBACK),
                        server.endpoint().getPort(),
                        source,
                        0);
        try {
            socket.setSoTimeout((int) TestPki.DEADLINE.toMillis());
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.startHandshake();
            // TLS 1.3: the server's verdict on the client's certificate flight comes with the first read; a request
            // makes sure the connection was really let in.
            assertThat(get(socket)).startsWith("HTTP/1.1 204");
            return socket;
        } catch (IOException | AssertionError e) {
            socket.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private static String get(SSLSocket socket) throws IOException {
        socket.getOutputStream()
                .write("GET /fast HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                return head.toString();
            }
        }
        throw new IOException("the server closed the connection");
    }

    private long refusedCount() {
        Counter counter = registry.find("entsso.http.refused")
                .tag("reason", "handshake_rate")
                .counter();
        return counter == null ? 0 : (long) counter.count();
    }
}
