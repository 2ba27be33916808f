package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared H2 TCP server process is killed (SIGKILL) while a unit of work has written rows but not committed,
 * then restarted on the same port and files. The store reaches it as a node does, through its TLS tunnel, so the
 * failures below are what an outage behind the tunnel looks like to the retry policy. Nothing half-written may
 * survive; an idempotent unit is retried until the restarted server answers; a non-idempotent one fails clearly
 * without a retry.
 */
class H2ServerKilledMidWriteTest {
    @TempDir
    Path dir;

    private H2ServerProcess server;
    private SsoStore store;

    @BeforeEach
    void startServerAndStore() throws Exception {
        server = H2ServerProcess.start(0, dir);
        store = SsoStore.open(server.storeConfig()
                .connectionTimeout(Duration.ofMillis(500))
                .retryPolicy(new RetryPolicy(40, Duration.ofMillis(100), Duration.ofMillis(500), Timing.forWaiting()))
                // The reads here check what a restarted server holds. Under the production read policy (no new
                // attempt after 500 ms), a loaded machine's first read over a pooled connection the kill broke could
                // use up the whole budget and fail with 10515 before a retry; that policy is H2BoundedWaitsTest's.
                .readRetryPolicy(
                        new RetryPolicy(40, Duration.ofMillis(100), Duration.ofMillis(500), Timing.forWaiting()))
                .poolName("killed-h2")
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static UnitOfWork<AffiliateApplication> createWithFields(
            String name, AtomicInteger runs, CountDownLatch written, CountDownLatch release) {
        return s -> {
            int run = runs.incrementAndGet();
            AffiliateApplication app = s.applications()
                    .find(name)
                    .orElseGet(() -> s.applications().create(new ApplicationSpec(name, null, null, "u", "a", 0, 2)));
            s.applications().addField(name, new FieldInfo(0, "User", false, false));
            s.applications().addField(name, new FieldInfo(1, "Password", true, false));
            if (run == 1) {
                written.countDown();
                awaitLatch(release);
            }
            return app;
        };
    }

    @Test
    void nonIdempotentUnit_failsClearlyAndLeavesNoHalfWrittenRowsWhenTheServerIsKilled() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<AffiliateApplication> unit = CompletableFuture.supplyAsync(() ->
                store.inTransaction(Idempotency.NOT_IDEMPOTENT, createWithFields("Halfway", runs, written, release)));
        assertThat(written.await(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS))
                .isTrue();

        server.kill();
        release.countDown();

        assertThatThrownBy(() -> unit.get(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("[10515]")
                .hasMessageContaining("not idempotent")
                .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(SsoError.DATABASE_UNAVAILABLE));
        assertThat(runs).hasValue(1);

        server = server.restart();
        assertThat(store.read((StoreSession s) -> s.applications().find("Halfway")))
                .isEmpty();
        assertThat(store.read((StoreSession s) -> s.applications().list())).isEmpty();
    }

    @Test
    void idempotentUnit_isRetriedUntilTheRestartedServerAnswersAndCommitsOnce() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<AffiliateApplication> unit = CompletableFuture.supplyAsync(
                () -> store.inTransaction(Idempotency.IDEMPOTENT, createWithFields("Retried", runs, written, release)));
        assertThat(written.await(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS))
                .isTrue();

        server.kill();
        release.countDown();
        server = server.restart();

        AffiliateApplication app = unit.get(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(app.name()).isEqualTo("Retried");
        assertThat(runs.get()).isGreaterThanOrEqualTo(2);
        assertThat(store.read((StoreSession s) -> s.applications().list()))
                .extracting(AffiliateApplication::name)
                .containsExactly("Retried");
        assertThat(store.read((StoreSession s) -> s.applications().fields("Retried")))
                .hasSize(2);
    }

    @Test
    void retryPolicy_givesUpClearlyWhenTheServerStaysDown() throws Exception {
        store.close();
        store = SsoStore.open(server.storeConfig()
                .connectionTimeout(Duration.ofMillis(300))
                // Reads run under their own, shorter policy (issue 9 item 6); give both the one under test.
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100), Timing.forWaiting()))
                .readRetryPolicy(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100), Timing.forWaiting()))
                .build());
        server.kill();

        assertThatThrownBy(() -> store.read((StoreSession s) -> s.applications().list()))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("[10515]")
                .hasMessageContaining("gave up after 3 attempts");
    }

    @Test
    void launcher_stopsOnSigtermAndCommittedDataSurvivesARestart() throws Exception {
        store.inTransaction(
                Idempotency.NOT_IDEMPOTENT,
                s -> s.applications().create(new ApplicationSpec("Durable", null, null, "u", "a", 0, 1)));

        assertThat(server.terminate()).isTrue();
        assertThat(server.isAlive()).isFalse();
        server = server.restart();

        assertThat(store.read((StoreSession s) -> s.applications().find("durable")))
                .isPresent();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Test latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
