package org.entsso.sso.mss;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.crypto.ValueBinding;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringStatus;
import org.entsso.sso.server.LookupOption;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.SecretMetadata;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background re-encryption after a generate, its resumption on the standby after the master secret server's node
 * crashes (a real {@code InProcessCluster.crash}), and a standby with an empty secret store taking over from the
 * crypto checkpoint sealed for its node key.
 */
@Tag("zookeeper")
class SecretFailoverTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Set<LookupOption> REFRESH = Set.of(LookupOption.REFRESH);

    @TempDir
    Path dir;

    private MssCluster mss;

    @AfterEach
    void stop() {
        if (mss != null) {
            mss.close();
        }
    }

    private SecretAdminClient adminOf(long epoch) {
        mss.makeSsoAdministrator(MssCluster.ADMIN);
        return mss.adminClient(mss.admin(MssCluster.ADMIN), mss.awaitName(epoch).get("Endpoint"));
    }

    private static void assertLookup(CredentialLookupService lookups, int i) {
        assertThat(lookups.getCredentials(MssCluster.account(i), MssCluster.APP, REFRESH)
                        .field(1)
                        .asString())
                .isEqualTo("pw-" + i);
    }

    private double remainingGauge(String node) {
        return mss.meters(node).get("entsso.reencryption.remaining").gauge().value();
    }

    private double reencryptedRows(String node) {
        return mss.meters(node).get("entsso.reencryption.rows").counter().count();
    }

    private GlobalInfo global() {
        return mss.observer.read((StoreSession s) -> s.globalInfo().get());
    }

    private void assertRetired(UUID msid) {
        assertThat(mss.observer.read((StoreSession s) -> s.secrets().find(msid)))
                .hasValueSatisfying(m -> assertThat(m.retired()).isTrue());
    }

    @Test
    void whenASecretIsGenerated_thenReencryptionMovesEveryRowWhileLookupsKeepSucceeding() throws Exception {
        int rows = 300;
        mss = new MssCluster(dir, true, MssCluster.settings(20, Duration.ofMillis(50)));
        mss.seedCredentials(rows);
        GroupInfo online = mss.cluster.awaitGroup("ENTSSO", "node1", GroupState.Online);
        SecretAdminClient admin = adminOf(online.epoch());
        KeyringHolder ssoServer = mss.ssoServer();
        CredentialLookupService lookups = mss.lookups(ssoServer);
        Awaitility.await().atMost(Timing.shortWait()).until(ssoServer::hasKeyring);
        UUID old = mss.initial.current().msid();

        UUID current = admin.generate(PASSWORD.toCharArray(), null).msid();

        AtomicInteger duringReencryption = new AtomicInteger();
        AtomicInteger gaugeShowedProgress = new AtomicInteger();
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    long remaining = mss.rowsUnder(old);
                    assertLookup(lookups, ThreadLocalRandom.current().nextInt(rows));
                    if (remaining > 0) {
                        duringReencryption.incrementAndGet();
                    }
                    double gauge = remainingGauge("node1");
                    if (gauge > 0 && gauge < rows) {
                        gaugeShowedProgress.incrementAndGet();
                    }
                    return remaining == 0 && !global().reencryption().running();
                });

        assertThat(duringReencryption)
                .as("lookups made while rows were still under the old secret")
                .hasPositiveValue();
        assertThat(gaugeShowedProgress)
                .as("scrapes that saw the remaining rows between all and none")
                .hasPositiveValue();
        assertThat(reencryptedRows("node1")).isEqualTo(rows);
        Awaitility.await().atMost(Timing.shortWait()).until(() -> remainingGauge("node1") == 0);
        assertThat(mss.rowsUnder(current)).isEqualTo(rows);
        assertRetired(old);
        for (int i = 0; i < rows; i++) {
            assertLookup(lookups, i);
        }
        SecretStatus status = admin.status();
        assertThat(status.reencryptionState()).isEqualTo("IDLE");
        assertThat(status.remaining()).isZero();
    }

    @Test
    void whenTheMasterSecretServerCrashesMidReencryption_thenTheStandbyResumesFromTheCursorAndFinishes()
            throws Exception {
        int rows = 300;
        mss = new MssCluster(dir, true, MssCluster.settings(10, Duration.ofMillis(100)));
        mss.seedCredentials(rows);
        GroupInfo first = mss.cluster.awaitGroup("ENTSSO", "node1", GroupState.Online);
        SecretAdminClient admin = adminOf(first.epoch());
        KeyringHolder ssoServer = mss.ssoServer();
        CredentialLookupService lookups = mss.lookups(ssoServer);
        UUID old = mss.initial.current().msid();

        UUID current = admin.generate(PASSWORD.toCharArray(), null).msid();
        Awaitility.await().atMost(Timing.shortWait()).until(() -> mss.rowsUnder(old) < rows);
        mss.cluster.crash("node1");
        long leftByNode1 = mss.rowsUnder(old);
        assertThat(leftByNode1).as("rows node1 left under the old secret").isPositive();
        assertThat(global().reencryption().running()).isTrue();
        assertThat(global().reencryption().cursor()).isPresent();

        GroupInfo second = mss.cluster.awaitGroup("ENTSSO", "node2", GroupState.Online);
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .until(() -> mss.rowsUnder(old) == 0 && !global().reencryption().running());

        assertThat(second.epoch()).isGreaterThan(first.epoch());
        assertThat(mss.rowsUnder(current)).isEqualTo(rows);
        // Each row moved once, by whichever owner's batch committed it; the stopped owner shows none left.
        assertThat(reencryptedRows("node1") + reencryptedRows("node2")).isEqualTo(rows);
        assertThat(reencryptedRows("node2")).isPositive();
        assertThat(remainingGauge("node1")).isZero();
        Awaitility.await().atMost(Timing.shortWait()).until(() -> remainingGauge("node2") == 0);
        assertRetired(old);
        // node2's secret store held only the old secret: it took the rotated keyring from the checkpoint.
        SecretStatus onNode2 = adminOf(second.epoch()).status();
        assertThat(onNode2.currentMsid()).isEqualTo(current);
        assertThat(onNode2.epoch()).isEqualTo(second.epoch());
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> ssoServer.status().map(KeyringStatus::epoch).orElse(0L) == second.epoch());
        for (int i = 0; i < rows; i++) {
            assertLookup(lookups, i);
        }
    }

    @Test
    void whenTheStandbysSecretStoreIsEmpty_thenItComesOnlineFromTheCheckpointSealedForItsKey() throws Exception {
        mss = new MssCluster(dir, false, MssCluster.settings(50, Duration.ZERO));
        GroupInfo first = mss.cluster.awaitGroup("ENTSSO", "node1", GroupState.Online);
        mss.awaitName(first.epoch());
        KeyringHolder ssoServer = mss.ssoServer();
        Awaitility.await().atMost(Timing.shortWait()).until(ssoServer::hasKeyring);
        ValueBinding binding = ValueBinding.of("1", "mapping:1", 1);
        byte[] value = new ValueCipher(mss.initial).encrypt("pw-1".getBytes(), binding);
        Instant installed = ssoServer.status().orElseThrow().installedAt();

        mss.cluster.crash("node1");
        GroupInfo second = mss.cluster.awaitGroup("ENTSSO", "node2", GroupState.Online);

        assertThat(mss.awaitName(second.epoch()))
                .containsEntry("OwnerNode", "node2")
                .containsEntry("CurrentMsid", mss.initial.current().msid().toString());
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> ssoServer.status().map(KeyringStatus::epoch).orElse(0L) == second.epoch());
        // The same secret under a new term: the SSO server records the epoch and does not fetch the keyring again.
        assertThat(ssoServer.status().orElseThrow().installedAt()).isEqualTo(installed);
        assertThat(ssoServer.decrypt(value, binding)).asString().isEqualTo("pw-1");
        assertThat(adminOf(second.epoch()).status().currentMsid())
                .isEqualTo(mss.initial.current().msid());
        assertThat(mss.observer.read((StoreSession s) -> s.secrets().list()))
                .extracting(SecretMetadata::msid)
                .contains(mss.initial.current().msid());
    }

    @Test
    void whenTheGroupMovesAndNothingChanged_thenTheNewOwnerAdoptsTheCheckpointWithoutResealingIt() throws Exception {
        try (CapturedLog log = new CapturedLog("org.entsso.sso.mss")) {
            mss = new MssCluster(dir, true, MssCluster.settings(50, Duration.ZERO));
            GroupInfo first = mss.cluster.awaitGroup("ENTSSO", "node1", GroupState.Online);
            mss.awaitName(first.epoch());
            assertThat(sealings(log))
                    .as("the first owner seals the first checkpoint")
                    .isEqualTo(1);

            mss.cluster.admin().moveGroup("ENTSSO", Optional.of("node2"), Timing.forWaiting());
            GroupInfo second = mss.cluster.awaitGroup("ENTSSO", "node2", GroupState.Online);

            assertThat(mss.awaitName(second.epoch())).containsEntry("OwnerNode", "node2");
            assertThat(sealings(log))
                    .as("the checkpoint node2 restored already seals the same keyring for the same owners")
                    .isEqualTo(1);
        }
    }

    @Test
    void whenASecretIsGeneratedOnTheOwner_thenTheStandbySavesItBeforeAnyFailoverAndTakesOverWithoutTheCheckpoint()
            throws Exception {
        try (CapturedLog log = new CapturedLog("org.entsso.sso.mss")) {
            mss = new MssCluster(dir, true, MssCluster.settings(50, Duration.ZERO));
            mss.followCheckpoints("node2");
            GroupInfo first = mss.cluster.awaitGroup("ENTSSO", "node1", GroupState.Online);
            mss.awaitName(first.epoch());
            KeyringHolder ssoServer = mss.ssoServer();
            Awaitility.await().atMost(Timing.shortWait()).until(ssoServer::hasKeyring);
            byte[] before = mss.cluster
                    .admin()
                    .checkpointData("ENTSSO", "Master Secret Service")
                    .orElseThrow();

            UUID generated = adminOf(first.epoch())
                    .generate(PASSWORD.toCharArray(), null)
                    .msid();

            Awaitility.await()
                    .atMost(Timing.forWaiting())
                    .alias("node2's secret store holds the generated secret while node1 still owns the group")
                    .until(() -> log.text().contains("Standby node2 took"));
            assertThat(storedCurrent("node2")).isEqualTo(generated);

            // A late notification of the checkpoint sealed before the rotation must not take the secret back.
            mss.types("node2").checkpointSaved("node2", Optional.of(before));
            mss.cluster.crash("node1");
            GroupInfo second = mss.cluster.awaitGroup("ENTSSO", "node2", GroupState.Online);

            assertThat(mss.awaitName(second.epoch())).containsEntry("CurrentMsid", generated.toString());
            assertThat(storedCurrent("node2")).isEqualTo(generated);
            assertThat(log.text())
                    .as("Online found the store current: it opened no checkpoint on the failover's path")
                    .doesNotContain("using the crypto checkpoint")
                    .doesNotContain("from the crypto checkpoint sealed for its key");
        }
    }

    private UUID storedCurrent(String node) {
        try (org.entsso.sso.crypto.Keyring k = mss.secretStore(node).keyring()) {
            return k.current().msid();
        }
    }

    private static int sealings(CapturedLog log) {
        return log.text().split("Saved the crypto checkpoints", -1).length - 1;
    }
}
