package org.entsso.sso.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.transport.CallerHandler;
import org.entsso.sso.transport.KeyringServer;
import org.entsso.sso.transport.TlsSettings;
import org.entsso.sso.transport.internal.JsonResponses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A possible owner's master secret endpoint over real mutual TLS: it listens before any term and answers as a standby
 * (503 10783 with {@value KeyringServer#STANDBY_HEADER}), serves a term's handlers while the term is attached, goes
 * back to standby when it is detached; and an SSO server's {@link MasterSecretClient} that meets a standby sends the
 * write to the next published owner instead of failing it.
 */
class MssEndpointTest {
    private final TestPki pki = new TestPki();
    private final MssEndpoint node1 = endpoint("node1");
    private final MssEndpoint node2 = endpoint("node2");

    private MssEndpoint endpoint(String name) {
        return new MssEndpoint(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()), name, new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        node1.close();
        node2.close();
    }

    /** A term whose every route answers 200 with {@code text}, counting its calls. */
    private static MssEndpoint.Term attach(MssEndpoint endpoint, long epoch, String text, AtomicInteger calls) {
        CallerHandler handler = (exchange, caller) -> {
            calls.incrementAndGet();
            JsonResponses.send(exchange, 200, text.getBytes(StandardCharsets.UTF_8));
        };
        return endpoint.attach(epoch, routes -> {
            for (String path : new String[] {
                KeyringServer.PATH,
                WriteEndpoints.CREDENTIALS_PATH,
                WriteEndpoints.CONFIG_PATH,
                SecretEndpoints.STATUS,
                SecretEndpoints.GENERATE,
                SecretEndpoints.BACKUP,
                SecretEndpoints.RESTORE
            }) {
                routes.route(path, handler);
            }
        });
    }

    private HttpResponse<String> keyring(MssEndpoint endpoint) throws Exception {
        return TestPki.get(pki.ssoServer("node3"), endpoint.endpoint().resolve(KeyringServer.PATH));
    }

    private HttpResponse<String> status(MssEndpoint endpoint) throws Exception {
        return TestPki.get(pki.ssoServer("node3"), endpoint.endpoint().resolve(KeyringServer.STATUS_PATH));
    }

    @Test
    void answersAsAStandbyUntilATermIsAttachedAndAgainAfterItIsDetached() throws Exception {
        node1.start();
        HttpResponse<String> before = keyring(node1);
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.headers().firstValue(KeyringServer.STANDBY_HEADER)).contains("node1");
        assertThat(before.body()).contains("\"code\":10783").contains("not the master secret server");
        assertThat(status(node1).body()).contains("\"serving\":false").contains("\"node\":\"node1\"");

        AtomicInteger calls = new AtomicInteger();
        MssEndpoint.Term term = attach(node1, 3, "epoch 3", calls);
        HttpResponse<String> serving = keyring(node1);
        assertThat(serving.statusCode()).isEqualTo(200);
        assertThat(serving.body()).isEqualTo("epoch 3");
        assertThat(status(node1).body()).contains("\"serving\":true").contains("\"epoch\":3");
        assertThat(node1.serves(term)).isTrue();

        node1.detach(term);
        assertThat(node1.serves(term)).isFalse();
        assertThat(keyring(node1).statusCode()).isEqualTo(503);
        assertThat(calls).hasValue(1);
        // The same port throughout: connections SSO servers opened while it was a standby stay usable.
        assertThat(node1.endpoint().getPort()).isEqualTo(before.uri().getPort());
    }

    @Test
    void aNewTermReplacesTheOneStillAttachedAndDetachingTheOldOneLeavesTheNewOne() throws Exception {
        node1.start();
        MssEndpoint.Term first = attach(node1, 4, "epoch 4", new AtomicInteger());
        MssEndpoint.Term second = attach(node1, 5, "epoch 5", new AtomicInteger());
        node1.detach(first);
        assertThat(keyring(node1).body()).isEqualTo("epoch 5");
        assertThat(node1.serves(second)).isTrue();
    }

    @Test
    void aTermMustServeEveryRouteAndOnlyThoseRoutes() {
        assertThatThrownBy(() -> node1.attach(1, routes -> routes.route(KeyringServer.PATH, (e, c) -> {})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every route");
        assertThatThrownBy(() -> node1.attach(1, routes -> routes.route("/v1/other", (e, c) -> {})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/v1/other");
    }

    @Test
    void aWriteThatMeetsAStandbyIsSentToTheNextPublishedOwner() throws Exception {
        node1.start();
        node2.start();
        AtomicInteger owner = new AtomicInteger();
        attach(node2, 6, "", owner);
        URI standby = node1.endpoint();
        URI next = node2.endpoint();
        try (MasterSecretClient plain = new MasterSecretClient(pki.ssoServer("node3"), () -> Optional.of(standby))) {
            assertThatThrownBy(() -> write(plain))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.SECRET_NOT_AVAILABLE));
        }
        assertThat(owner).hasValue(0);

        MasterSecretClient holding = new MasterSecretClient(pki.ssoServer("node3"), () -> Optional.of(standby))
                .holdingFor((current, max) -> Optional.of(next), Duration.ofSeconds(3));
        write(holding);
        assertThat(owner).hasValue(1);
    }

    private static void write(MasterSecretClient client) {
        client.setCredentials(
                "CORP\\alice",
                UUID.randomUUID(),
                "Payroll",
                new WindowsAccount("CORP", "alice"),
                new TreeMap<>(Map.of(1, "x".getBytes(StandardCharsets.UTF_8))));
    }
}
