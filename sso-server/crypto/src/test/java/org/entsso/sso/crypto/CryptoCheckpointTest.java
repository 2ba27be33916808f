package org.entsso.sso.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoCheckpointTest {
    @TempDir
    static Path folder;

    private static NodeSecretStore active;
    private static NodeSecretStore standby;
    private static Keyring keyring;

    @BeforeAll
    static void twoNodes() {
        active = TestNodeKeys.store(folder, "node1", false);
        standby = TestNodeKeys.store(folder, "node2", true);
        keyring = Keyring.generate().rotate();
        active.saveKeyring(keyring);
    }

    @AfterAll
    static void close() {
        keyring.close();
        standby.close();
        active.close();
    }

    @Test
    void aKeyringWrappedForTheStandbyOpensThereWithBothSecrets() {
        byte[] checkpoint = CryptoCheckpoint.seal(keyring, standby.nodePublicKey());
        try (Keyring opened = standby.openCheckpoint(checkpoint)) {
            assertThat(opened.secrets()).isEqualTo(keyring.secrets());
            assertThat(opened.currentKey().getEncoded())
                    .isEqualTo(keyring.currentKey().getEncoded());
            byte[] value = new ValueCipher(keyring).encrypt(new byte[] {1, 2, 3}, ValueBinding.of("a", "b", 0));
            assertThat(new ValueCipher(opened).decrypt(value, ValueBinding.of("a", "b", 0)))
                    .containsExactly(1, 2, 3);
        }
    }

    @Test
    void theCheckpointNamesItsRecipient() {
        byte[] checkpoint = CryptoCheckpoint.seal(keyring, standby.nodePublicKey());
        assertThat(CryptoCheckpoint.recipientOf(checkpoint))
                .isEqualTo(CryptoCheckpoint.fingerprint(standby.nodePublicKey()))
                .hasSize(64);
    }

    @Test
    void aCheckpointOpenedByTheWrongNodeFailsNamingBothKeys() {
        byte[] checkpoint = CryptoCheckpoint.seal(keyring, standby.nodePublicKey());
        assertThatThrownBy(() -> active.openCheckpoint(checkpoint))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.DECRYPTION_FAILED))
                .hasMessageContaining(
                        "wrapped for the node key " + CryptoCheckpoint.fingerprint(standby.nodePublicKey()))
                .hasMessageContaining(CryptoCheckpoint.fingerprint(active.nodePublicKey()));
    }

    @Test
    void aCheckpointForAnotherKeyWithAForgedFingerprintStillFails() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] checkpoint =
                CryptoCheckpoint.seal(keyring, generator.generateKeyPair().getPublic());
        byte[] own = java.util.HexFormat.of().parseHex(CryptoCheckpoint.fingerprint(standby.nodePublicKey()));
        System.arraycopy(own, 0, checkpoint, 5, 32);
        assertThatThrownBy(() -> standby.openCheckpoint(checkpoint))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.DECRYPTION_FAILED));
    }

    @Test
    void everyFlippedByteAndEveryTruncationIsRefused() {
        byte[] checkpoint = CryptoCheckpoint.seal(keyring, standby.nodePublicKey());
        for (int index = 0; index < checkpoint.length; index += 7) {
            byte[] damaged = checkpoint.clone();
            damaged[index] ^= 0x01;
            assertThatThrownBy(() -> standby.openCheckpoint(damaged))
                    .as("byte %d", index)
                    .isInstanceOf(SsoException.class);
        }
        for (int length = 0; length < checkpoint.length; length += 5) {
            byte[] truncated = Arrays.copyOf(checkpoint, length);
            assertThatThrownBy(() -> standby.openCheckpoint(truncated))
                    .as("length %d", length)
                    .isInstanceOf(SsoException.class);
        }
    }

    @Test
    void onlyRsaRecipientsAreAccepted() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        assertThatThrownBy(() -> CryptoCheckpoint.seal(
                        keyring, generator.generateKeyPair().getPublic()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
