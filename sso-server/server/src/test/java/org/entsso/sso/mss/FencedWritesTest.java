package org.entsso.sso.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.entsso.cluster.testing.ManualClock;
import org.entsso.sso.AppFlags;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.server.ValueBindings;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.AppType;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.FieldInfo;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FencedWrites} on its own against an H2 database whose recorded epoch is this writer's. */
class FencedWritesTest {
    private static final WindowsAccount ALICE = new WindowsAccount("CORP", "alice");
    private static final long EPOCH = 7;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final Keyring keyring = Keyring.generate();
    private SsoStore store;
    private AffiliateApplication app;
    private Mapping mapping;

    @BeforeEach
    void start() {
        store = SsoStore.open(
                StoreConfig.builder(H2Urls.file(dir.resolve("sso"))).build());
        store.takeOver(EPOCH, "node1");
        app = store.inTransaction(
                Idempotency.NOT_IDEMPOTENT,
                (StoreSession s) ->
                        s.applications().create(new ApplicationSpec("Payroll", "d", null, "Users", "Admins", 0x4, 2)));
        mapping = store.inTransaction(
                Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> s.mappings().create("Payroll", ALICE, "alice-ext"));
    }

    @AfterEach
    void stop() {
        store.close();
        keyring.close();
    }

    private FencedWrites writes() {
        return new FencedWrites(store, () -> keyring, EPOCH, clock);
    }

    private static SortedMap<Integer, byte[]> password(String value) {
        return new TreeMap<>(Map.of(1, value.getBytes(StandardCharsets.UTF_8)));
    }

    private String storedPassword() {
        byte[] sealed = store.read((StoreSession s) ->
                s.credentials().forMapping(mapping.id()).get(1).ciphertext());
        return new String(
                new ValueCipher(keyring).decrypt(sealed, ValueBindings.credential(app.id(), mapping.id(), 1)),
                StandardCharsets.UTF_8);
    }

    private boolean recorded(UUID requestId) {
        return store.read((StoreSession s) -> s.writeRequests().isRecorded(requestId));
    }

    @Test
    void whenARequestIdIsRepeated_thenNothingIsAppliedAgain_andTheReplayIsLoggedWithoutAnyValue() {
        UUID requestId = UUID.randomUUID();
        try (CapturedLog log = new CapturedLog("org.entsso.sso.mss")) {
            FencedWrites.Written first =
                    writes().applyCredentials(ALICE.toString(), requestId, "payroll", ALICE, password("pw-A"));
            assertThat(first.applied()).isTrue();
            assertThat(first.purge())
                    .as("the step of the purge id, for the purge signal")
                    .hasValueSatisfying(step -> assertThat(step.after())
                            .isEqualTo(store.read(
                                    s -> s.applications().get("payroll").purgeId())));
            assertThat(writes().applyCredentials(ALICE.toString(), requestId, "payroll", ALICE, password("pw-B")))
                    .isEqualTo(FencedWrites.Written.REPLAYED);

            assertThat(storedPassword()).isEqualTo("pw-A");
            assertThat(log.text()).contains("SetCredentials by CORP\\alice in payroll replayed");
            assertThat(log.text()).doesNotContain("pw-");
        }
    }

    @Test
    void whenTwoAttemptsOfOneRequestMeetInTheDatabase_thenTheLaterIsAReplayNotA10702() throws Exception {
        // Two instances (as two terms' would) do not know of each other's attempts: the later one meets the earlier
        // at the request id's primary key, waits for its commit, and is answered as a replay.
        UUID requestId = UUID.randomUUID();
        Attempts attempts = new Attempts(false);
        FencedWrites other = new FencedWrites(store, () -> keyring, EPOCH, clock);
        try {
            Future<Boolean> one =
                    attempts.first(new FencedWrites(store, attempts.pausingFirst, EPOCH, clock), requestId);
            Future<Boolean> two = attempts.second(other, requestId);
            awaitInStack(attempts.secondThread.get(), "org.h2.command.dml.Insert");
            attempts.releaseFirst.countDown();

            assertThat(one.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(two.get(30, TimeUnit.SECONDS))
                    .as("the later attempt is a replay")
                    .isFalse();
            assertThat(storedPassword()).isEqualTo("pw-A");
        } finally {
            attempts.close();
        }
    }

    @Test
    void whenTwoAttemptsOfOneRequestArriveAtOnce_thenTheLaterWaitsInMemory_andIsAReplay() throws Exception {
        // The first write after a failover arrives up to three times at once (the client's hedge and the SSO servers
        // that held it): the later copies wait for the first here instead of contending for its lock in the database.
        UUID requestId = UUID.randomUUID();
        Attempts attempts = new Attempts(false);
        FencedWrites writes = new FencedWrites(store, attempts.pausingFirst, EPOCH, clock);
        try (CapturedLog log = new CapturedLog("org.entsso.sso.mss")) {
            Future<Boolean> one = attempts.first(writes, requestId);
            Future<Boolean> two = attempts.second(writes, requestId);
            awaitInStack(attempts.secondThread.get(), "java.util.concurrent.CompletableFuture");
            assertThat(attempts.secondThread.get().getStackTrace())
                    .as("the later attempt is not in the database")
                    .noneMatch(frame -> frame.getClassName().startsWith("org.h2"));
            attempts.releaseFirst.countDown();

            assertThat(one.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(two.get(30, TimeUnit.SECONDS))
                    .as("the later attempt is a replay")
                    .isFalse();
            assertThat(storedPassword()).isEqualTo("pw-A");
            assertThat(log.text()).contains("was applied by an attempt running at once");
        } finally {
            attempts.close();
        }
    }

    @Test
    void whenTheEarlierAttemptFails_thenTheLaterOneRunsOnItsOwn() throws Exception {
        UUID requestId = UUID.randomUUID();
        Attempts attempts = new Attempts(true); // the first attempt finds no keyring once released: 10783
        FencedWrites writes = new FencedWrites(store, attempts.pausingFirst, EPOCH, clock);
        try {
            Future<Boolean> one = attempts.first(writes, requestId);
            Future<Boolean> two = attempts.second(writes, requestId);
            awaitInStack(attempts.secondThread.get(), "java.util.concurrent.CompletableFuture");
            attempts.releaseFirst.countDown();

            assertThatThrownBy(() -> one.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SsoException.class)
                    .cause()
                    .extracting(e -> ((SsoException) e).error())
                    .isEqualTo(SsoError.SECRET_NOT_AVAILABLE);
            assertThat(two.get(30, TimeUnit.SECONDS))
                    .as("the later attempt applies the write itself")
                    .isTrue();
            assertThat(storedPassword()).isEqualTo("pw-B");
            assertThat(recorded(requestId)).isTrue();
        } finally {
            attempts.close();
        }
    }

    /**
     * Two attempts of one request on threads "attempt-1" and "attempt-2": the first pauses after its request id row is
     * inserted (not committed) until {@link #releaseFirst}, then encrypts (or finds no keyring when {@code failFirst}).
     */
    private final class Attempts {
        final CountDownLatch firstRecorded = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        final AtomicReference<Thread> secondThread = new AtomicReference<>();
        final Supplier<Keyring> pausingFirst;
        private final ExecutorService firstPool = Executors.newSingleThreadExecutor(r -> new Thread(r, "attempt-1"));
        private final ExecutorService secondPool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "attempt-2");
            secondThread.set(t);
            return t;
        });

        Attempts(boolean failFirst) {
            pausingFirst = () -> {
                if (Thread.currentThread().getName().equals("attempt-1")) {
                    firstRecorded.countDown();
                    awaitQuietly(releaseFirst);
                    return failFirst ? null : keyring;
                }
                return keyring;
            };
        }

        Future<Boolean> first(FencedWrites writes, UUID requestId) throws InterruptedException {
            Future<Boolean> f = firstPool.submit(
                    () -> writes.applyCredentials(ALICE.toString(), requestId, "Payroll", ALICE, password("pw-A"))
                            .applied());
            assertThat(firstRecorded.await(30, TimeUnit.SECONDS)).isTrue();
            return f;
        }

        Future<Boolean> second(FencedWrites writes, UUID requestId) {
            return secondPool.submit(
                    () -> writes.applyCredentials(ALICE.toString(), requestId, "Payroll", ALICE, password("pw-B"))
                            .applied());
        }

        void close() {
            releaseFirst.countDown();
            firstPool.shutdownNow();
            secondPool.shutdownNow();
        }
    }

    /**
     * Waits until {@code thread} runs code of {@code className}: {@code org.h2.command.dml.Insert} for an attempt that
     * waits for the other transaction's uncommitted request id (H2 retries the insert until that transaction ends or
     * the lock timeout passes); {@code CompletableFuture} for one that waits for the other attempt in memory.
     */
    private static void awaitInStack(Thread thread, String className) {
        Awaitility.await("the second attempt waits in " + className)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> thread != null
                        && Arrays.stream(thread.getStackTrace())
                                .anyMatch(frame -> frame.getClassName().equals(className)));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void whenRequestIdsAreOlderThan24Hours_thenThePeriodicPruneRemovesThem_andNoWriteDoes() {
        UUID old = UUID.randomUUID();
        FencedWrites writes = writes();
        writes.setCredentials(ALICE.toString(), old, "Payroll", ALICE, password("pw-1"));

        clock.advance(FencedWrites.KEEP_REQUEST_IDS.plus(Duration.ofMinutes(1)));
        UUID recent = UUID.randomUUID();
        writes.setCredentials(ALICE.toString(), recent, "Payroll", ALICE, password("pw-2"));
        assertThat(recorded(old))
                .as("a write no longer prunes (a new term's first write carried it)")
                .isTrue();

        writes.pruneIfDue();
        assertThat(recorded(old)).isFalse();
        assertThat(recorded(recent)).isTrue();
    }

    @Test
    void whenThisNodeServesNoKeyring_thenTheWriteFailsWithARetryable10783AndRecordsNothing() {
        FencedWrites stopped = new FencedWrites(store, () -> null, EPOCH, clock);
        UUID requestId = UUID.randomUUID();

        assertThatThrownBy(
                        () -> stopped.setCredentials(ALICE.toString(), requestId, "Payroll", ALICE, password("pw-1")))
                .isInstanceOf(SsoException.class)
                .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(SsoError.SECRET_NOT_AVAILABLE));
        assertThat(recorded(requestId)).isFalse();
        assertThat(store.read((StoreSession s) -> s.credentials().forMapping(mapping.id())))
                .isEmpty();
    }

    @Test
    void whenAConfigBagIsSet_thenItIsOneValueBoundToItsItem_andAnUpdateChangesOnlyThePropertiesGiven() {
        AffiliateApplication adapters = store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.groups().add("CORP\\carol", "Admins");
            s.applications()
                    .create(new ApplicationSpec(
                            "Adapters", "d", null, "Users", "Admins", AppFlags.CONFIG_STORE, 2, AppType.CONFIG_STORE));
            s.applications().addField("Adapters", new FieldInfo(0, "a", false, false));
            s.applications().addField("Adapters", new FieldInfo(1, "b", true, false));
            return s.applications().get("Adapters");
        });

        writes().setConfigInfo("CORP\\carol", UUID.randomUUID(), "Adapters", "item-1", Map.of("b", "2", "a", "1"));
        assertThat(bag(adapters, "item-1")).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");

        writes().setConfigInfo("CORP\\carol", UUID.randomUUID(), "Adapters", "item-1", Map.of("b", "3"));
        assertThat(bag(adapters, "item-1")).as("only b changes").isEqualTo("{\"a\":\"1\",\"b\":\"3\"}");

        assertThatThrownBy(() -> writes().setConfigInfo(
                                "CORP\\carol", UUID.randomUUID(), "Adapters", "item-2", Map.of("a", "1")))
                .as("a new item needs every property")
                .hasMessageContaining("missing b")
                .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(SsoError.INVALID_ARGUMENT));
        assertThatThrownBy(() -> writes().setConfigInfo(
                                "CORP\\carol", UUID.randomUUID(), "Adapters", "item-1", Map.of("c", "secret-c")))
                .hasMessageContaining("Not a property of Adapters: c")
                .message()
                .doesNotContain("secret-c");
        assertThatThrownBy(() ->
                        writes().setConfigInfo("CORP\\carol", UUID.randomUUID(), "Payroll", "item-1", Map.of("a", "1")))
                .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(SsoError.WRONG_APPLICATION_TYPE));
        assertThat(store.read((StoreSession s) -> s.configItems().identifiers("Adapters")))
                .containsExactly("item-1");
    }

    private String bag(AffiliateApplication application, String identifier) {
        byte[] sealed = store.read((StoreSession s) -> s.configItems()
                .find(application.name(), identifier)
                .orElseThrow()
                .value()
                .ciphertext());
        return new String(
                new ValueCipher(keyring).decrypt(sealed, ValueBindings.configItem(application.id(), identifier)),
                StandardCharsets.UTF_8);
    }

    /** A standby's rehearsal runs the whole write and leaves nothing: no value, no request id, no log line. */
    @Test
    void whenAWriteIsRehearsed_thenItRunsAndIsRolledBack_leavingTheValueAndTheMappingAsTheyWere() {
        writes().applyCredentials(ALICE.toString(), UUID.randomUUID(), "Payroll", ALICE, password("pw-before"));
        UUID rehearsed = UUID.randomUUID();
        try (CapturedLog log = new CapturedLog("org.entsso.sso.mss")) {
            FencedWrites.rehearse(store, keyring, "Payroll", ALICE, rehearsed);

            assertThat(storedPassword()).isEqualTo("pw-before");
            assertThat(recorded(rehearsed)).as("the rehearsal's request id").isFalse();
            assertThat(log.text()).doesNotContain("applied").doesNotContain("replayed");
        }
        assertThatThrownBy(() -> FencedWrites.rehearse(store, keyring, "Nowhere", ALICE))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("Nowhere");
    }
}
