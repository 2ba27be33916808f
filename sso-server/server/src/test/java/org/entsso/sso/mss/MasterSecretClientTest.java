package org.entsso.sso.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.TlsSettings;
import org.junit.jupiter.api.Test;

/** {@link MasterSecretClient} when there is no master secret server to talk to, or the wrong one. */
class MasterSecretClientTest {
    private static final WindowsAccount ALICE = new WindowsAccount("CORP", "alice");

    private final TestPki pki = new TestPki();

    private void setThrough(Supplier<Optional<URI>> endpoint) {
        SortedMap<Integer, byte[]> fields = new TreeMap<>(Map.of(1, new byte[] {'p', 'w'}));
        // The JDK client counts the TLS handshake in the connect timeout, and a cold JVM's first handshake can take
        // longer than the default 2 s; the deadline keeps the reason under test deterministic.
        try (MasterSecretClient client =
                new MasterSecretClient(pki.ssoServer("node3"), endpoint, TestPki.DEADLINE, TestPki.DEADLINE)) {
            client.setCredentials(ALICE.toString(), UUID.randomUUID(), "Payroll", ALICE, fields);
        }
    }

    private static void assertRetryable10783(ThrowingCallable call, String reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.code()).isEqualTo(10783))
                .hasMessageContaining(reason)
                .hasMessageContaining("Retry the write with the same request id");
    }

    @Test
    void whenNoMasterSecretServerIsPublished_thenTheWriteFailsWith10783() {
        assertRetryable10783(() -> setThrough(Optional::empty), "No master secret server is online now.");
    }

    @Test
    void whenTheNameCannotBeResolved_thenTheWriteFailsWith10783() {
        assertRetryable10783(
                () -> setThrough(() -> {
                    throw new IllegalStateException("no ZooKeeper quorum");
                }),
                "cannot be found now");
    }

    @Test
    void whenNothingListensAtTheEndpoint_thenTheWriteFailsWith10783() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("https://127.0.0.1:" + port);

        assertRetryable10783(() -> setThrough(() -> Optional.of(closed)), "connection refused");
    }

    @Test
    void whenTheMasterSecretServerFreezesAndAnotherIsPublished_thenTheWriteIsSentThereWithTheSameRequestId()
            throws Exception {
        // A frozen server: the kernel accepts the connection, nothing ever answers (SIGSTOP). With a request timeout
        // of a minute, the write can only succeed if it is sent to the newly published server while it waits.
        try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                MutualTlsServer successor = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()))) {
            AtomicReference<String> received = new AtomicReference<>();
            successor.route(WriteEndpoints.CREDENTIALS_PATH, (exchange, caller) -> {
                received.set(new String(exchange.requestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendEmpty(204);
            });
            successor.start();
            URI frozenEndpoint = URI.create("https://127.0.0.1:" + frozen.getLocalPort());
            AtomicReference<URI> published = new AtomicReference<>(frozenEndpoint);
            UUID requestId = UUID.randomUUID();
            List<Socket> inFlight = new CopyOnWriteArrayList<>();
            Thread takeover = new Thread(() -> {
                awaitInFlight(frozen, inFlight); // the write reached the frozen server: now another one takes over
                published.set(successor.endpoint());
            });
            takeover.start();

            try (MasterSecretClient client = new MasterSecretClient(
                    pki.ssoServer("node3"),
                    () -> Optional.of(published.get()),
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(1))) {
                client.setCredentials(
                        ALICE.toString(), requestId, "Payroll", ALICE, new TreeMap<>(Map.of(1, new byte[] {'p', 'w'})));
            }
            takeover.join();
            closeAll(inFlight);

            assertThat(received.get()).contains("\"requestId\":\"" + requestId + "\"");
        }
    }

    @Test
    void whenThePublishedServerRefusesAndTheNextPublishesWithinTheHold_thenTheWriteIsSentThere() throws Exception {
        try (MutualTlsServer successor = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()))) {
            AtomicReference<String> received = new AtomicReference<>();
            successor.route(WriteEndpoints.CREDENTIALS_PATH, (exchange, caller) -> {
                received.set(new String(exchange.requestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendEmpty(204);
            });
            successor.start();
            URI gone;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                gone = URI.create("https://127.0.0.1:" + s.getLocalPort()); // closed below: connections are refused
            }
            AtomicReference<URI> published = new AtomicReference<>(gone);
            UUID requestId = UUID.randomUUID();
            Thread takeover = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                published.set(successor.endpoint());
            });
            takeover.start();

            try (MasterSecretClient client = new MasterSecretClient(
                            pki.ssoServer("node3"),
                            () -> Optional.of(published.get()),
                            TestPki.DEADLINE,
                            TestPki.DEADLINE)
                    .holdingFor(polling(published), Duration.ofMinutes(1))) {
                client.setCredentials(
                        ALICE.toString(), requestId, "Payroll", ALICE, new TreeMap<>(Map.of(1, new byte[] {'p', 'w'})));
            }
            takeover.join();

            assertThat(received.get()).contains("\"requestId\":\"" + requestId + "\"");
        }
    }

    @Test
    void whenNoServerIsPublishedWithinTheHold_thenTheWriteFailsWith10783AfterIt() {
        AtomicReference<URI> published = new AtomicReference<>();
        try (MasterSecretClient client = new MasterSecretClient(
                        pki.ssoServer("node3"), Optional::empty, TestPki.DEADLINE, TestPki.DEADLINE)
                .holdingFor(polling(published), Duration.ofMillis(200))) {
            long began = System.nanoTime();
            assertRetryable10783(
                    () -> client.setCredentials(
                            ALICE.toString(), UUID.randomUUID(), "Payroll", ALICE, new TreeMap<>(Map.of(1, new byte[] {
                                'p', 'w'
                            }))),
                    "No master secret server is online now");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    /** Changes of {@code published}, polled (the node's implementation is woken by a ZooKeeper watch). */
    private static MasterSecretClient.EndpointChanges polling(AtomicReference<URI> published) {
        return (current, max) -> {
            long end = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < end) {
                Optional<URI> now = Optional.ofNullable(published.get());
                if (now.isPresent() && !now.equals(current)) {
                    return now;
                }
                Thread.sleep(10);
            }
            return Optional.empty();
        };
    }

    @Test
    void whenTheMasterSecretServerFreezesAndItsNameIsWithdrawn_thenTheWriteFailsWith10783AtOnce() throws Exception {
        try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI frozenEndpoint = URI.create("https://127.0.0.1:" + frozen.getLocalPort());
            AtomicReference<Optional<URI>> published = new AtomicReference<>(Optional.of(frozenEndpoint));
            List<Socket> inFlight = new CopyOnWriteArrayList<>();
            Thread expiry = new Thread(() -> {
                awaitInFlight(frozen, inFlight); // the write reached the frozen server
                published.set(Optional.empty()); // then its session expired: the ephemeral name went with it
            });
            expiry.start();

            try (MasterSecretClient client = new MasterSecretClient(
                    pki.ssoServer("node3"), published::get, Duration.ofMinutes(1), Duration.ofMinutes(1))) {
                assertRetryable10783(
                        () -> client.setCredentials(
                                ALICE.toString(),
                                UUID.randomUUID(),
                                "Payroll",
                                ALICE,
                                new TreeMap<>(Map.of(1, new byte[] {'p', 'w'}))),
                        "is no longer the published one");
            }
            expiry.join();
            closeAll(inFlight);
        }
    }

    /**
     * Accepts the write's connection on the frozen server's socket and holds it open, unanswered, as a SIGSTOPped
     * process's kernel would: from then on the write is in flight.
     */
    private static void awaitInFlight(ServerSocket frozen, List<Socket> held) {
        try {
            held.add(frozen.accept());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void whenTheServerIsNotAMasterSecretServer_thenTheClientRefusesIt() {
        try (MutualTlsServer impostor =
                new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.ssoServer("node9")))) {
            impostor.route(WriteEndpoints.CREDENTIALS_PATH, (exchange, caller) -> exchange.sendEmpty(204));
            impostor.start();

            assertRetryable10783(() -> setThrough(() -> Optional.of(impostor.endpoint())), "master-secret-server");
        }
    }
}
