package org.entsso.sso.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.entsso.sso.client.ScriptedServer.Received;
import org.entsso.sso.client.ScriptedServer.Reply;
import org.entsso.sso.testing.CapturedLog;
import org.entsso.sso.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failover and retries of {@link SsoClient} against two real mutual-TLS servers on loopback that share one script per
 * path (a reply per request, whichever server gets it).
 */
class SsoClientFailoverTest {
    private static final String CREDENTIALS = "/v1/applications/App1/credentials";
    private static final String SET_CREDENTIALS = "/v1/applications/App1/mappings/CONTOSO\\alice/credentials";
    private static final String MAPPINGS = "/v1/applications/App1/mappings";
    private static final String ANSWER =
            "{\"application\":\"App1\",\"account\":\"CONTOSO\\\\alice\",\"externalUser\":\"ext-alice\","
                    + "\"fields\":{\"1\":\"s3cret-value\"}}";

    private final TestPki pki = new TestPki();
    private final Map<String, Deque<Reply>> scripts = ScriptedServer.newScripts();
    private final ScriptedServer node1 = server("node1");
    private final ScriptedServer node2 = server("node2");
    private SsoClient client;

    private ScriptedServer server(String name) {
        return new ScriptedServer(pki.ssoServer(name), scripts, CREDENTIALS, SET_CREDENTIALS, MAPPINGS)
                .script(CREDENTIALS, Reply.ok(ANSWER));
    }

    private SsoClient open(Duration writeDeadline) {
        client = SsoClient.open(
                ClientConfig.builder()
                        .server(node1.endpoint())
                        .server(node2.endpoint())
                        .writeDeadline(writeDeadline)
                        .requestTimeout(TestPki.DEADLINE)
                        // These tests count requests per server: no hedge when a cold handshake is slow under load.
                        .hedgeDelay(TestPki.DEADLINE)
                        .writeHedgeDelay(TestPki.DEADLINE)
                        .build(),
                pki.client("CONTOSO\\alice"));
        return client;
    }

    @AfterEach
    void closeAll() {
        if (client != null) {
            client.close();
        }
        node2.close();
        node1.close();
    }

    @Test
    void whenAServerIsClosed_thenReadsFailOverToALiveOneWithZeroFailedCalls() {
        open(Duration.ofSeconds(30));
        for (int i = 0; i < 4; i++) {
            client.getCredentials("App1").clear();
        }
        assertThat(node1.received()).hasSize(2);

        node1.close();
        for (int i = 0; i < 20; i++) {
            try (SsoCredentials credentials = client.getCredentials("App1")) {
                assertThat(credentials.field(1)).isEqualTo("s3cret-value".toCharArray());
            }
        }

        assertThat(node1.received()).hasSize(2);
        assertThat(node2.received()).hasSize(2 + 20);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // without hedging, the first write alone waits the 60 s timeout
    void whenAServerAcceptsButNeverAnswers_thenCallsAreHedgedToAnotherAndItIsAskedLastAfterwards() throws Exception {
        // A frozen server (SIGSTOP) keeps its listening socket: connections are accepted by the kernel, never answered.
        try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            client = SsoClient.open(
                    ClientConfig.builder()
                            .server(URI.create("https://127.0.0.1:" + frozen.getLocalPort()))
                            .server(node2.endpoint())
                            .writeDeadline(Duration.ofMinutes(2))
                            .requestTimeout(Duration.ofMinutes(1))
                            .discoveryInterval(Duration.ofMinutes(10))
                            // Reads are not what is hedged here: node2 answers them, and a read it answered slower
                            // than the default 200 ms on a loaded machine would be hedged to the frozen server (the
                            // last one left), a connection this test does not count on.
                            .hedgeDelay(Duration.ofSeconds(10))
                            .build(),
                    pki.client("CONTOSO\\alice"));
            // The first call's round-robin turn is the frozen server: the write goes to node2 as well after the
            // hedge delay, with the same idempotency key.
            script(SET_CREDENTIALS, Reply.noContent());
            client.setCredentials("App1", "CONTOSO\\alice", Map.of(1, "n3w-secret".toCharArray()));
            for (int i = 0; i < 6; i++) {
                client.getCredentials("App1").clear();
            }

            // Round-robin alone would have sent every other call to the frozen server, each waiting out the request
            // timeout; held back once it stayed silent while node2 answered, it is not asked again. The other
            // connection is the discovery thread's first GET /v1/sys/nodes to the first seed, which waits out its
            // own timeout on its own thread (the next comes after the discovery interval).
            assertThat(node2.received()).hasSize(1 + 6);
            frozen.setSoTimeout(1);
            assertThat(accepted(frozen)).isEqualTo(2);
        }
    }

    /**
     * Connections waiting in {@code socket}'s backlog (accepted by the kernel, never by the frozen server). They are
     * all held open until counted: closing one while counting ends its request with an EOF, which the JDK client
     * retries once for a GET (the discovery thread's) on a new connection that would then be counted too.
     */
    private static int accepted(ServerSocket socket) throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            while (true) {
                try {
                    held.add(socket.accept());
                } catch (SocketTimeoutException e) {
                    return held.size();
                }
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void whenReadsSucceed_thenTheySpreadRoundRobinAndTheAnswerIsRedactedAndClearable() {
        open(Duration.ofSeconds(30));
        SsoCredentials credentials = client.getCredentials("App1", true);
        client.getCredentials("App1").clear();

        assertThat(credentials.externalUser()).isEqualTo("ext-alice");
        assertThat(credentials.account()).isEqualTo("CONTOSO\\alice");
        assertThat(credentials.toString()).doesNotContain("s3cret").contains("redacted");
        char[] field = credentials.field(1);
        credentials.clear();
        assertThat(field).containsOnly('\0');
        assertThat(node1.received()).hasSize(1);
        assertThat(node2.received()).hasSize(1);
        assertThat(allReceived())
                .extracting(Received::uri)
                .containsExactlyInAnyOrder(CREDENTIALS + "?refresh=true", CREDENTIALS);
        assertThat(allReceived()).extracting(Received::caller).containsOnly("CONTOSO\\alice");
    }

    @Test
    void whenAWriteIsAnswered503Twice_thenItSucceedsAndEveryAttemptCarriedTheSameIdempotencyKey() {
        script(SET_CREDENTIALS, Reply.unavailable(10783), Reply.unavailable(10783), Reply.noContent());
        open(Duration.ofSeconds(30));

        client.setCredentials("App1", "CONTOSO\\alice", Map.of(1, "n3w-secret".toCharArray()));

        List<Received> attempts = allReceived();
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(Received::method).containsOnly("PUT");
        assertThat(attempts).extracting(Received::body).containsOnly("{\"fields\":{\"1\":\"n3w-secret\"}}");
        assertThat(attempts)
                .extracting(Received::uri)
                .containsOnly("/v1/applications/App1/mappings/CONTOSO%5Calice/credentials");
        String key = attempts.get(0).idempotencyKey();
        assertThat(UUID.fromString(key)).isNotNull();
        assertThat(attempts).extracting(Received::idempotencyKey).containsOnly(key);
    }

    @Test
    void whenTheServersNeverRecover_thenTheWriteFailsAfterTheDeadlineWithAClear10783Error() {
        script(SET_CREDENTIALS, Reply.unavailable(10783));
        node2.close();
        open(Duration.ofSeconds(1));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.setCredentials("App1", "CONTOSO\\alice", Map.of(1, "pw-42".toCharArray())))
                .isInstanceOfSatisfying(
                        SsoClientException.class, e -> assertThat(e.code()).isEqualTo(10783))
                .hasMessageContaining("master secret server was not reachable within the write deadline of 1s")
                .hasMessageNotContaining("pw-42");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(node1.received()).hasSizeGreaterThan(1);
        assertThat(node1.received())
                .extracting(Received::idempotencyKey)
                .containsOnly(node1.received().get(0).idempotencyKey());
    }

    @Test
    void whenAServerAnswers403_thenItIsThrownAtOnceWithoutRetry() {
        script(CREDENTIALS, Reply.error(403, 11042, "Access denied. The client user must be a member of: App1"));
        script(SET_CREDENTIALS, Reply.error(403, 11042, "Access denied."));
        open(Duration.ofSeconds(30));

        assertThatThrownBy(() -> client.getCredentials("App1"))
                .isInstanceOfSatisfying(SsoClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(11042);
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.server()).isPresent();
                })
                .hasMessageStartingWith("[11042] Access denied. The client user must be a member of: App1");
        assertThat(allReceived()).hasSize(1);

        assertThatThrownBy(() -> client.setCredentials("App1", "CONTOSO\\alice", Map.of(1, "x".toCharArray())))
                .isInstanceOfSatisfying(
                        SsoClientException.class, e -> assertThat(e.code()).isEqualTo(11042));
        assertThat(allReceived()).hasSize(2);
    }

    @Test
    void whenACreateIsAnsweredAlreadyExistsOnARetry_thenItCountsAsApplied() {
        script(MAPPINGS, Reply.unavailable(10783), Reply.error(409, 10753, "The mapping already exists."));
        open(Duration.ofSeconds(30));

        client.createMapping("App1", "CONTOSO\\alice", "ext-alice");

        List<Received> attempts = allReceived();
        assertThat(attempts).hasSize(2);
        assertThat(attempts)
                .extracting(Received::idempotencyKey)
                .containsOnly(attempts.get(0).idempotencyKey());
        assertThat(attempts.get(0).body())
                .isEqualTo("{\"account\":\"CONTOSO\\\\alice\",\"externalUser\":\"ext-alice\"}");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void whenAHedgedCreateIsAnsweredAlreadyExistsWhileTheFirstAttemptIsUnanswered_thenItCountsAsApplied()
            throws Exception {
        // The first attempt goes to a frozen server and stays unanswered: it may yet be applied there, so the
        // hedged attempt's 10753 may be its own doing (as after a retry).
        try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            script(MAPPINGS, Reply.error(409, 10753, "The mapping already exists."));
            client = SsoClient.open(
                    ClientConfig.builder()
                            .server(URI.create("https://127.0.0.1:" + frozen.getLocalPort()))
                            .server(node2.endpoint())
                            .writeDeadline(Duration.ofMinutes(2))
                            .requestTimeout(Duration.ofMinutes(1))
                            .writeHedgeDelay(Duration.ofMillis(100))
                            .build(),
                    pki.client("CONTOSO\\alice"));

            client.createMapping("App1", "CONTOSO\\alice", "ext-alice");

            assertThat(node2.received()).hasSize(1);
        }
    }

    @Test
    void whenACreateIsAnsweredAlreadyExistsOnTheFirstAttempt_thenItIsThrown() {
        script(MAPPINGS, Reply.error(409, 10753, "The mapping already exists."));
        open(Duration.ofSeconds(30));

        assertThatThrownBy(() -> client.createMapping("App1", "CONTOSO\\alice", "ext-alice"))
                .isInstanceOfSatisfying(
                        SsoClientException.class, e -> assertThat(e.code()).isEqualTo(10753));
        assertThat(allReceived()).hasSize(1);
    }

    @Test
    void whenACreateIsAnsweredAlreadyExistsAfterOnlyARefusedConnection_thenItIsThrown() {
        // The client's round-robin starts at the first configured server: node1, which refuses the connection.
        node1.close();
        script(MAPPINGS, Reply.error(409, 10753, "The mapping already exists."));
        open(Duration.ofSeconds(30));

        assertThatThrownBy(() -> client.createMapping("App1", "CONTOSO\\alice", "ext-alice"))
                .isInstanceOfSatisfying(
                        SsoClientException.class, e -> assertThat(e.code()).isEqualTo(10753));
        assertThat(node2.received()).hasSize(1);
    }

    @Test
    void whenReadsAndWritesAreRetried_thenTheLogNamesRequestsAndServersButNoSecret() {
        script(SET_CREDENTIALS, Reply.unavailable(10783), Reply.noContent());
        script(CREDENTIALS, Reply.unavailable(10532), Reply.ok(ANSWER));
        open(Duration.ofSeconds(30));

        try (CapturedLog log = new CapturedLog("org.entsso.sso.client")) {
            client.setCredentials("App1", "CONTOSO\\alice", Map.of(1, "n3w-secret".toCharArray()));
            client.getCredentials("App1").clear();

            assertThat(log.text())
                    .contains("attempt 1 failed, retrying")
                    .contains(allReceived().get(0).idempotencyKey())
                    .contains("trying the next server")
                    .doesNotContain("n3w-secret")
                    .doesNotContain("s3cret-value");
        }
    }

    @Test
    void whenEveryServerIsDown_thenAReadFailsNamingTheServers() {
        node1.close();
        node2.close();
        open(Duration.ofSeconds(30));

        assertThatThrownBy(() -> client.getCredentials("App1"))
                .isInstanceOfSatisfying(
                        SsoClientException.class, e -> assertThat(e.code()).isEqualTo(10532))
                .hasMessageContaining("No SSO server answered")
                .hasMessageContaining(node1.endpoint().toString())
                .hasMessageContaining("connection refused");
    }

    @Test
    void whenOneServerIsDownAndTheOtherAnswers503_thenTheReadFailsNamingEachServersFailure() {
        script(CREDENTIALS, Reply.unavailable(10532));
        node1.close();
        open(Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.getCredentials("App1"))
                .isInstanceOfSatisfying(
                        SsoClientException.class, e -> assertThat(e.code()).isEqualTo(10532))
                .hasMessageContaining("No SSO server answered")
                .hasMessageContaining(node1.endpoint() + ": connection refused")
                .hasMessageContaining(node2.endpoint() + " answered 503");
    }

    @Test
    void whenEveryServerRefusesTheReadWithAnEntssoCode_thenTheReadFailsWithThatCode_notAGeneric10532() {
        // The database is down and the credentials are cached nowhere: every server answers 503 10515.
        script(CREDENTIALS, Reply.unavailable(10515));
        open(Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.getCredentials("App1"))
                .isInstanceOfSatisfying(SsoClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(10515);
                    assertThat(e.httpStatus()).isEqualTo(503);
                })
                .hasMessageStartingWith("[10515] ")
                .hasMessageContaining("No SSO server answered")
                .hasMessageContaining(node1.endpoint() + " answered 503 [10515]")
                .hasMessageContaining(node2.endpoint() + " answered 503 [10515]");
    }

    @Test
    void whenTheClientIsClosed_thenCallsAreRefused() {
        open(Duration.ofSeconds(30)).close();
        client.close();

        assertThatThrownBy(() -> client.getCredentials("App1")).isInstanceOf(IllegalStateException.class);
    }

    /** Scripts {@code path} on both servers (they share one script table). */
    private void script(String path, Reply... replies) {
        node1.script(path, replies);
    }

    private List<Received> allReceived() {
        return Stream.concat(node1.received().stream(), node2.received().stream())
                .toList();
    }
}
