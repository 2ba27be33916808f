package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.junit.jupiter.api.Test;

/** Fencing of the master secret server by epoch (DESIGN.md decision 3). */
interface FencingContract {
    /** The store under test. */
    SsoStore store();

    /** Creates an application with {@code numFields} fields. */
    AffiliateApplication createApp(String name, int numFields);

    @Test
    default void takeOver_recordsOnlyAStrictlyLargerEpoch() {
        long epoch = store().read((StoreSession s) -> s.globalInfo().get().masterSecretServerEpoch()) + 2;
        store().takeOver(epoch, "node1");

        assertThat(store().read((StoreSession s) -> s.globalInfo().get().masterSecretServerEpoch()))
                .isEqualTo(epoch);
        assertThatThrownBy(() -> store().takeOver(epoch, "node2")).hasMessageContaining("[15004]");
        assertThatThrownBy(() -> store().takeOver(epoch - 1, "node2")).hasMessageContaining("[15004]");
        assertThat(store().read((StoreSession s) -> s.globalInfo().get().secretServerName()))
                .contains("node1");
    }

    @Test
    default void aRehearsedTakeover_recordsNothing_andTheRecordedTermKeepsWriting() {
        long epoch = store().read((StoreSession s) -> s.globalInfo().get().masterSecretServerEpoch()) + 1;
        store().takeOver(epoch, "node1");

        store().rehearseTakeover();
        store().rehearseTakeover();

        GlobalInfo after = store().read((StoreSession s) -> s.globalInfo().get());
        assertThat(after.masterSecretServerEpoch()).isEqualTo(epoch);
        assertThat(after.secretServerName()).contains("node1");
        String written = AbstractStoreContractTest.unique("AfterRehearsal");
        store().asMasterSecretServer(
                        epoch,
                        Idempotency.NOT_IDEMPOTENT,
                        s -> s.applications().create(new ApplicationSpec(written, null, null, "u", "a", 0, 1)));
        assertThat(store().read((StoreSession s) -> s.applications().find(written)))
                .isPresent();
        assertThatThrownBy(() -> store().takeOver(epoch, "node2")).hasMessageContaining("[15004]");
    }

    @Test
    default void deposedMasterSecretServer_isFencedOutAndLeavesNothingBehind() {
        long old = store().read((StoreSession s) -> s.globalInfo().get().masterSecretServerEpoch()) + 1;
        store().takeOver(old, "node1");
        String written = AbstractStoreContractTest.unique("ByOld");
        store().asMasterSecretServer(
                        old,
                        Idempotency.NOT_IDEMPOTENT,
                        s -> s.applications().create(new ApplicationSpec(written, null, null, "u", "a", 0, 1)));
        store().takeOver(old + 1, "node2");
        String refused = AbstractStoreContractTest.unique("Refused");

        assertThatThrownBy(() -> store().asMasterSecretServer(
                                old,
                                Idempotency.NOT_IDEMPOTENT,
                                s -> s.applications().create(new ApplicationSpec(refused, null, null, "u", "a", 0, 1))))
                .isInstanceOf(SsoException.class)
                .extracting(e -> ((SsoException) e).error())
                .isEqualTo(SsoError.FENCED);
        assertThat(store().read((StoreSession s) -> s.applications().find(refused)))
                .isEmpty();
        assertThat(store().read((StoreSession s) -> s.applications().find(written)))
                .isPresent();
        assertThat(store().asMasterSecretServer(
                                old + 1,
                                Idempotency.IDEMPOTENT,
                                (StoreSession s) -> s.globalInfo().get()))
                .extracting(GlobalInfo::secretServerName)
                .isEqualTo(Optional.of("node2"));
    }

    @Test
    default void takeoverDuringAFencedWrite_isNotBlockedByItAndFencesItAtItsCommit() throws Exception {
        long old = store().read((StoreSession s) -> s.globalInfo().get().masterSecretServerEpoch()) + 1;
        store().takeOver(old, "node1");
        String app = AbstractStoreContractTest.unique("InFlight");
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The old server has written and is frozen (a GC pause, SIGSTOP) before its commit.
        CompletableFuture<AffiliateApplication> oldWrite = CompletableFuture.supplyAsync(() ->
                store().asMasterSecretServer(old, Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
                    AffiliateApplication a =
                            s.applications().create(new ApplicationSpec(app, null, null, "u", "a", 0, 1));
                    written.countDown();
                    awaitLatch(release);
                    return a;
                }));
        assertThat(written.await(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS))
                .isTrue();

        // The standby takes over while the old write is still open: it holds no lock on the global row yet.
        CompletableFuture.runAsync(() -> store().takeOver(old + 1, "node2"))
                .get(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS);
        release.countDown();

        assertThatThrownBy(() -> oldWrite.get(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS))
                .hasMessageContaining("[15004]");
        assertThat(store().read((StoreSession s) -> s.applications().find(app))).isEmpty();
    }

    static void awaitLatch(CountDownLatch latch) {
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
