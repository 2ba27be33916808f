package org.entsso.sso.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.entsso.cluster.testing.ManualClock;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.KeyringEncoding;
import org.entsso.sso.crypto.ValueBinding;
import org.entsso.sso.crypto.ValueCipher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyringHolderTest {
    private static final ValueBinding BINDING = ValueBindings.credential(7, 42, 1);
    private static final byte[] SECRET = "s3cret-Passw0rd".getBytes(StandardCharsets.UTF_8);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final KeyringHolder holder = new KeyringHolder("SSO-MSS", clock);
    private final Keyring writer = Keyring.generate();

    @AfterEach
    void closeAll() {
        holder.close();
        writer.close();
    }

    private static Keyring copy(Keyring keyring) {
        return KeyringEncoding.decode(KeyringEncoding.encode(keyring));
    }

    @Test
    void beforeAnyKeyring_decryptionIsRefusedWith10532() {
        byte[] value = new ValueCipher(writer).encrypt(SECRET, BINDING);

        assertThat(holder.hasKeyring()).isFalse();
        assertThat(holder.status()).isEmpty();
        assertThatThrownBy(() -> holder.decrypt(value, BINDING))
                .isInstanceOf(SsoException.class)
                .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(SsoError.SECRET_SERVER_UNAVAILABLE))
                .hasMessageStartingWith("[10532] Failed to retrieve master secrets")
                .hasMessageContaining("SSO-MSS");
    }

    @Test
    void installedKeyring_decryptsAndReportsItsStatus() {
        byte[] value = new ValueCipher(writer).encrypt(SECRET, BINDING);
        holder.install(copy(writer), 3);
        clock.advance(Duration.ofSeconds(90));

        assertThat(holder.decrypt(value, BINDING)).isEqualTo(SECRET);
        KeyringStatus status = holder.status().orElseThrow();
        assertThat(status.currentMsid()).isEqualTo(writer.current().msid());
        assertThat(status.previousMsid()).isEmpty();
        assertThat(status.epoch()).isEqualTo(3);
        assertThat(status.installedAt()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
        assertThat(holder.age()).contains(Duration.ofSeconds(90));
        assertThat(holder.toString())
                .contains(writer.current().msid().toString())
                .doesNotContain("s3cret");
    }

    @Test
    void rotation_swapsKeyrings_valuesUnderThePreviousMsidStillDecrypt_andTheOldKeyringIsZeroed() {
        byte[] old = new ValueCipher(writer).encrypt(SECRET, BINDING);
        Keyring first = copy(writer);
        holder.install(first, 1);
        Keyring rotated = writer.rotate();
        byte[] fresh = new ValueCipher(rotated).encrypt(SECRET, BINDING);

        holder.install(copy(rotated), 2);

        assertThat(first.isClosed()).as("the replaced keyring is zeroed").isTrue();
        assertThat(holder.decrypt(old, BINDING)).isEqualTo(SECRET);
        assertThat(holder.decrypt(fresh, BINDING)).isEqualTo(SECRET);
        assertThat(holder.status().orElseThrow().previousMsid())
                .contains(writer.current().msid());
        rotated.close();
    }

    @Test
    void valueBoundElsewhere_failsAuthentication_withoutRevealingIt() {
        byte[] value = new ValueCipher(writer).encrypt(SECRET, BINDING);
        holder.install(copy(writer), 1);

        assertThatThrownBy(() -> holder.decrypt(value, ValueBindings.credential(7, 43, 1)))
                .isInstanceOf(SsoException.class)
                .hasMessageStartingWith("[15006]")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void decryptionsRacingWithRepeatedSwaps_neverFail() throws Exception {
        byte[] value = new ValueCipher(writer).encrypt(SECRET, BINDING);
        holder.install(copy(writer), 1);
        AtomicBoolean swapping = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(pool.submit(() -> {
                    int done = 0;
                    while (swapping.get() || done == 0) {
                        assertThat(holder.decrypt(value, BINDING)).isEqualTo(SECRET);
                        done++;
                    }
                    return done;
                }));
            }
            for (int epoch = 2; epoch < 200; epoch++) {
                holder.install(copy(writer), epoch);
            }
            swapping.set(false);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(holder.status().orElseThrow().epoch()).isEqualTo(199);
    }

    /** A move or a failover to an owner serving the same secret: the new epoch is recorded, nothing is replaced. */
    @Test
    void aNewEpochServingTheSameSecret_isAdopted_butNotADifferentSecretNorAnEmptyHolder() {
        byte[] value = new ValueCipher(writer).encrypt(SECRET, BINDING);
        UUID msid = writer.current().msid();
        assertThat(holder.adoptEpoch(msid, 4))
                .as("nothing to adopt: the keyring must be fetched")
                .isFalse();
        Keyring installed = copy(writer);
        holder.install(installed, 3);
        KeyringStatus before = holder.status().orElseThrow();
        clock.advance(Duration.ofMinutes(1));

        assertThat(holder.adoptEpoch(msid, 4)).isTrue();

        KeyringStatus after = holder.status().orElseThrow();
        assertThat(after.epoch()).isEqualTo(4);
        assertThat(after.installedAt()).isEqualTo(before.installedAt());
        assertThat(after.currentMsid()).isEqualTo(msid);
        assertThat(installed.isClosed()).isFalse();
        assertThat(holder.decrypt(value, BINDING)).isEqualTo(SECRET);
        try (Keyring other = Keyring.generate()) {
            assertThat(holder.adoptEpoch(other.current().msid(), 5)).isFalse();
        }
        assertThat(holder.status().orElseThrow().epoch()).isEqualTo(4);
    }

    @Test
    void closedHolder_zeroesItsKeyring_andRefusesFurtherUse() {
        Keyring installed = copy(writer);
        holder.install(installed, 1);

        holder.close();
        holder.close();

        assertThat(installed.isClosed()).isTrue();
        assertThatThrownBy(() -> holder.decrypt(new byte[64], BINDING)).isInstanceOf(IllegalStateException.class);
        Keyring late = copy(writer);
        assertThatThrownBy(() -> holder.install(late, 2)).isInstanceOf(IllegalStateException.class);
        assertThat(late.isClosed())
                .as("a keyring handed to a closed holder is zeroed, not leaked")
                .isTrue();
    }
}
