package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bounded database waits and session fencing (issue 9 item 6, DESIGN.md decision 3) against a real H2 TCP server in
 * its own process: a frozen owner's locks go at takeover, and a stopped (SIGSTOP) server is reported, not waited out.
 */
@Tag("extended") // not in the default suite (README, "Tests"): run with -Pextended
class H2BoundedWaitsTest {
    private Path dir;
    private H2ServerProcess server;

    @BeforeEach
    void startServer() throws Exception {
        dir = Files.createTempDirectory("sso-h2-waits");
        server = H2ServerProcess.start(0, dir);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.resume();
        server.close();
        TempDirs.deleteRecursively(dir);
    }

    private StoreConfig.Builder config(String node) {
        return server.storeConfig().poolName("h2-" + node).nodeName(node);
    }

    @Test
    void whenTheOwnerIsFrozenHoldingTheGlobalRow_thenTheTakeoverEndsItsSession_andItsWriteIsFenced() throws Exception {
        // The new owner waits up to 60 s for a lock and never retries: only ending the frozen session lets it through.
        try (SsoStore old = SsoStore.open(config("node1").build());
                SsoStore next = patientNextOwner()) {
            long epoch = old.read((StoreSession s) -> s.globalInfo().get().masterSecretServerEpoch()) + 1;
            old.takeOver(epoch, "node1");
            UUID frozenMsid = UUID.randomUUID();
            // Frozen mid-write: the global row is updated (write-locked) and the transaction stays open.
            FrozenWrite frozen = freezeMidWrite(old, epoch, s -> s.globalInfo().setCurrentMsid(frozenMsid));

            assertTimeoutPreemptively(Timing.scaled(Duration.ofSeconds(20)), () -> next.takeOver(epoch + 1, "node2"));
            next.asMasterSecretServer(
                    epoch + 1,
                    Idempotency.NOT_IDEMPOTENT,
                    s -> s.globalInfo().setReencryption(ReencryptionStatus.idle()));
            frozen.wake();

            assertThat(frozen.write())
                    .failsWithin(Timing.forWaiting())
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.FENCED));
            assertThat(next.read((StoreSession s) -> s.globalInfo().get().currentMsid()))
                    .isNotEqualTo(java.util.Optional.of(frozenMsid));
        }
    }

    @Test
    void whenTheOwnerIsFrozenHoldingOnlyAWritesRows_thenTheTakeoverStillEndsItsSession_andTheWriteIsAppliedAgain()
            throws Exception {
        // Frozen after its first statement: no lock on the global row, so the takeover gets that at once and commits,
        // but the same write sent again to the new owner (the same request id) waits for the frozen insert. Only
        // ending the frozen session lets it through, within the 60 s lock wait (a drill's SIGSTOP round, issue 14).
        try (SsoStore old = SsoStore.open(config("node1").build());
                SsoStore next = patientNextOwner()) {
            long epoch = old.read((StoreSession s) -> s.globalInfo().get().masterSecretServerEpoch()) + 1;
            old.takeOver(epoch, "node1");
            UUID request = UUID.randomUUID();
            FrozenWrite frozen = freezeMidWrite(
                    old,
                    epoch,
                    s -> s.writeRequests().record(request, "LOCAL\\alice", "SetCredentials", java.time.Instant.now()));

            assertTimeoutPreemptively(Timing.scaled(Duration.ofSeconds(20)), () -> {
                next.takeOver(epoch + 1, "node2");
                next.asMasterSecretServer(epoch + 1, Idempotency.NOT_IDEMPOTENT, s -> {
                    s.writeRequests().record(request, "LOCAL\\alice", "SetCredentials", java.time.Instant.now());
                    return null;
                });
            });
            frozen.wake();
            assertThat(frozen.write()).failsWithin(Timing.forWaiting());
            assertThat(next.read((StoreSession s) -> s.writeRequests().isRecorded(request)))
                    .isTrue();
        }
    }

    @Test
    void whenAnotherNodeHoldsALock_thenItsSessionIsLeftAlone_andTheWaitEndsAtTheLockTimeout() throws Exception {
        DatabaseTimeouts shortLocks =
                new DatabaseTimeouts(Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofSeconds(5));
        try (SsoStore bystander = SsoStore.open(config("node3").build());
                SsoStore next = SsoStore.open(config("node2")
                        .timeouts(shortLocks)
                        .retryPolicy(RetryPolicy.none())
                        .build())) {
            long epoch = next.read((StoreSession s) -> s.globalInfo().get().masterSecretServerEpoch()) + 1;
            next.takeOver(epoch, "node1-was-here");
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> holder =
                    CompletableFuture.supplyAsync(() -> bystander.inTransaction(Idempotency.IDEMPOTENT, s -> {
                        s.globalInfo().setCurrentMsid(UUID.randomUUID());
                        holding.countDown();
                        awaitQuietly(release);
                        return null;
                    }));
            assertThat(holding.await(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();

            // node3 is not the recorded owner: its session survives, and the takeover's lock wait is bounded.
            assertThatThrownBy(() -> next.takeOver(epoch + 1, "node2"))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.DATABASE_UNAVAILABLE));
            release.countDown();
            assertThat(holder).succeedsWithin(Timing.forWaiting());
        }
    }

    @Test
    void whenTheServerIsStopped_thenAReadFailsWithDatabaseUnavailableWithinTheBound() throws Exception {
        try (SsoStore store = SsoStore.open(config("node1").build())) {
            store.read((StoreSession s) -> s.globalInfo().get());
            server.pause(); // SIGSTOP: sockets stay open, nothing answers, no server-side timeout can fire

            // The documented bound: read deadline (0.5 s) + socket timeout (5 s), plus slack for a loaded machine.
            assertTimeoutPreemptively(
                    Timing.scaled(Duration.ofSeconds(10)),
                    () -> assertThatThrownBy(() -> store.read(
                                    (StoreSession s) -> s.globalInfo().get()))
                            .isInstanceOfSatisfying(
                                    SsoException.class,
                                    e -> assertThat(e.error()).isEqualTo(SsoError.DATABASE_UNAVAILABLE)));

            server.resume();
            assertThat(store.read((StoreSession s) -> s.globalInfo().get())).isNotNull();
        }
    }

    /** node2, the new owner: it waits up to 60 s for a lock and never retries. */
    private SsoStore patientNextOwner() {
        DatabaseTimeouts patient =
                new DatabaseTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(61), Duration.ofSeconds(70));
        return SsoStore.open(config("node2")
                .timeouts(patient)
                .retryPolicy(RetryPolicy.none())
                .build());
    }

    /** A write of the old owner's term, frozen (as by a SIGSTOP) with its transaction open until {@link #wake}. */
    private record FrozenWrite(CompletableFuture<Object> write, CountDownLatch wakeUp) {
        void wake() {
            wakeUp.countDown();
        }
    }

    /** Starts a write of {@code epoch} on {@code owner} that runs {@code firstStatement} and then freezes. */
    private static FrozenWrite freezeMidWrite(SsoStore owner, long epoch, Consumer<StoreSession> firstStatement)
            throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch wakeUp = new CountDownLatch(1);
        CompletableFuture<Object> write =
                CompletableFuture.supplyAsync(() -> owner.asMasterSecretServer(epoch, Idempotency.IDEMPOTENT, s -> {
                    firstStatement.accept(s);
                    holding.countDown();
                    awaitQuietly(wakeUp);
                    return null;
                }));
        assertThat(holding.await(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS))
                .as("the frozen write holds its first statement's locks")
                .isTrue();
        return new FrozenWrite(write, wakeUp);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(Timing.forWaiting().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while frozen", e);
        }
    }
}
