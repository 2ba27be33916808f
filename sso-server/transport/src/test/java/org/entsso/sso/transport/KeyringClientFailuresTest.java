package org.entsso.sso.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.entsso.sso.SsoException;
import org.entsso.sso.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a real mTLS server that answers badly: slowly, or with something that is not a keyring. */
class KeyringClientFailuresTest {
    private final TestPki pki = new TestPki();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile String answer = "{}";
    private MutualTlsServer server;

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    private URI start() {
        server = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()))
                .route(KeyringServer.PATH, (exchange, caller) -> {
                    if ("hang".equals(answer)) {
                        try {
                            release.await(TestPki.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return;
                    }
                    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                    exchange.send(200, body, body.length);
                });
        server.start();
        return server.endpoint();
    }

    @Test
    void whenTheServerDoesNotAnswerWithinTheReadTimeout_thenTheClientReports10532() {
        URI endpoint = start();

        try (KeyringClient client =
                new KeyringClient(pki.ssoServer("node2"), TestPki.DEADLINE, Duration.ofSeconds(2))) {
            // Connect first (a "{}" answer is refused, but the kept-alive connection stays): on a loaded machine the
            // TLS handshake alone outlasted a 300 ms read timeout, and the JDK then reports the connect phase as
            // timed out; the hanging fetch below reuses the connection, so only the read timeout applies to it.
            assertThatThrownBy(() -> client.fetch(endpoint)).hasMessageContaining("is not a valid keyring response");
            answer = "hang";

            assertThatThrownBy(() -> client.fetch(endpoint))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.code()).isEqualTo(10532))
                    .hasMessageContaining(endpoint + " (no answer within the read timeout)");
        }
    }

    @Test
    void aBodyThatIsNotAKeyringResponseIsReportedByFieldWithoutItsContent() {
        URI endpoint = start();

        try (KeyringClient client = TestKeyringClients.of(pki.ssoServer("node2"))) {
            answer = "not json at all, key=c2VjcmV0";
            assertThatThrownBy(() -> client.fetch(endpoint))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.code()).isEqualTo(10532))
                    .hasMessageContaining("is not a valid keyring response")
                    .hasMessageNotContaining("c2VjcmV0");

            answer = "{\"format\":1,\"epoch\":3,\"currentMsid\":\"" + java.util.UUID.randomUUID()
                    + "\",\"secrets\":[],\"keyring\":\"AQE=\"}";
            assertThatThrownBy(() -> client.fetch(endpoint))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.code()).isEqualTo(10532))
                    .hasMessageContaining("the field keyring is not an encoded keyring");

            answer = "{\"format\":2,\"epoch\":3}";
            assertThatThrownBy(() -> client.fetch(endpoint)).hasMessageContaining("the field format is missing");
        }
    }

    @Test
    void aClosedClientRefusesToFetchAndBadEndpointsAreArgumentErrors() {
        URI endpoint = start();
        KeyringClient client = TestKeyringClients.of(pki.ssoServer("node2"));
        assertThatThrownBy(() -> client.fetch(URI.create("http://127.0.0.1:1")))
                .isInstanceOf(IllegalArgumentException.class);
        client.close();
        client.close();
        assertThatThrownBy(() -> client.fetch(endpoint)).isInstanceOf(IllegalStateException.class);
    }
}
