package org.entsso.sso.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueCipherTest {
    private static final ValueBinding BINDING = ValueBinding.of("sap", "DOMAIN\\alice", 1);
    private static final byte[] SECRET = "p@ssw0rd-for-sap".getBytes(StandardCharsets.UTF_8);

    private final Keyring keyring = Keyring.generate();
    private final ValueCipher cipher = new ValueCipher(keyring);

    @AfterEach
    void closeKeyring() {
        keyring.close();
    }

    @Test
    void encryptThenDecryptReturnsThePlaintext() {
        byte[] value = cipher.encrypt(SECRET, BINDING);
        assertThat(cipher.decrypt(value, BINDING)).isEqualTo(SECRET);
    }

    @Test
    void emptyPlaintextRoundTrips() {
        byte[] value = cipher.encrypt(new byte[0], BINDING);
        assertThat(value).hasSize(ValueCipher.OVERHEAD_BYTES);
        assertThat(cipher.decrypt(value, BINDING)).isEmpty();
    }

    @Test
    void valueCarriesVersionMsidAndAFreshNonce() {
        byte[] first = cipher.encrypt(SECRET, BINDING);
        byte[] second = cipher.encrypt(SECRET, BINDING);
        assertThat(first[0]).isEqualTo((byte) ValueCipher.FORMAT_VERSION);
        assertThat(ValueCipher.msidOf(first)).isEqualTo(keyring.current().msid());
        assertThat(java.util.Arrays.copyOfRange(first, 17, 29))
                .isNotEqualTo(java.util.Arrays.copyOfRange(second, 17, 29));
        assertThat(first).hasSize(ValueCipher.OVERHEAD_BYTES + SECRET.length);
    }

    @Test
    void noncesStayUniqueAcrossManyPoolRefillsAndThreads() throws Exception {
        java.util.Set<String> nonces = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Runnable encryptMany = () -> {
            for (int i = 0; i < 2_000; i++) {
                byte[] value = cipher.encrypt(SECRET, BINDING);
                nonces.add(java.util.HexFormat.of().formatHex(value, 17, 29));
            }
        };
        Thread other = new Thread(encryptMany);
        other.start();
        encryptMany.run();
        other.join();
        assertThat(nonces).hasSize(4_000);
    }

    /** One bit flipped in each region of the value: version, MSID, nonce, body, tag. */
    @ParameterizedTest(name = "{0} byte {1}")
    @CsvSource({
        "version, 0, DECRYPTION_FAILED",
        "msid, 1, SECRET_NOT_AVAILABLE",
        "msid, 16, SECRET_NOT_AVAILABLE",
        "nonce, 17, DECRYPTION_FAILED",
        "nonce, 28, DECRYPTION_FAILED",
        "body, 29, DECRYPTION_FAILED",
        "body, 44, DECRYPTION_FAILED",
        "tag, 45, DECRYPTION_FAILED",
        "tag, 60, DECRYPTION_FAILED"
    })
    void aFlippedBitInAnyRegionIsRefusedNeverWrongPlaintext(String region, int index, SsoError expected) {
        byte[] value = cipher.encrypt(SECRET, BINDING);
        assertThat(value).hasSize(61);
        for (int bit = 0; bit < 8; bit++) {
            byte[] tampered = value.clone();
            tampered[index] ^= (byte) (1 << bit);
            assertThatThrownBy(() -> cipher.decrypt(tampered, BINDING))
                    .as("%s bit %d", region, bit)
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.error()).isEqualTo(expected));
        }
    }

    @Test
    void aValueCopiedToAnotherApplicationMappingOrFieldFailsAuthentication() {
        byte[] value = cipher.encrypt(SECRET, BINDING);
        for (ValueBinding elsewhere : new ValueBinding[] {
            ValueBinding.of("sap2", "DOMAIN\\alice", 1),
            ValueBinding.of("sap", "DOMAIN\\bob", 1),
            ValueBinding.of("sap", "DOMAIN\\alice", 2),
            ValueBinding.of("sa", "pDOMAIN\\alice", 1)
        }) {
            assertThatThrownBy(() -> cipher.decrypt(value, elsewhere))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.DECRYPTION_FAILED))
                    .hasMessageContaining(elsewhere.toString());
        }
    }

    @Test
    void aValueUnderAnUnknownMsidGives10783NamingTheMsid() {
        try (Keyring other = Keyring.generate()) {
            byte[] foreign = new ValueCipher(other).encrypt(SECRET, BINDING);
            assertThatThrownBy(() -> cipher.decrypt(foreign, BINDING))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.code()).isEqualTo(10783))
                    .hasMessageContaining(other.current().msid().toString());
        }
    }

    @Test
    void truncatedValuesAreRefused() {
        byte[] value = cipher.encrypt(SECRET, BINDING);
        for (int length = 0; length < value.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(value, length);
            assertThatThrownBy(() -> cipher.decrypt(truncated, BINDING)).isInstanceOf(SsoException.class);
        }
    }

    @Test
    void rotationKeepsValuesUnderThePreviousMsidDecryptable() {
        byte[] old = cipher.encrypt(SECRET, BINDING);
        try (Keyring rotated = keyring.rotate()) {
            ValueCipher next = new ValueCipher(rotated);
            assertThat(next.decrypt(old, BINDING)).isEqualTo(SECRET);
            assertThat(next.needsReencryption(old)).isTrue();
            byte[] fresh = next.encrypt(SECRET, BINDING);
            assertThat(ValueCipher.msidOf(fresh)).isEqualTo(rotated.current().msid());
            assertThat(next.needsReencryption(fresh)).isFalse();
            try (Keyring twice = rotated.rotate()) {
                assertThatThrownBy(() -> new ValueCipher(twice).decrypt(old, BINDING))
                        .isInstanceOfSatisfying(
                                SsoException.class,
                                e -> assertThat(e.error()).isEqualTo(SsoError.SECRET_NOT_AVAILABLE));
            }
        }
    }

    @Test
    void exceptionMessagesNeverContainThePlaintext() {
        byte[] value = cipher.encrypt(SECRET, BINDING);
        value[40] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(value, BINDING))
                .message()
                .doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
    }

    @Test
    void aClosedKeyringCannotBeUsed() {
        byte[] value = cipher.encrypt(SECRET, BINDING);
        keyring.close();
        assertThatThrownBy(() -> cipher.encrypt(SECRET, BINDING)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt(value, BINDING)).isInstanceOf(IllegalStateException.class);
    }
}
