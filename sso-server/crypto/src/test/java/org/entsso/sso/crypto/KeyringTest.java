package org.entsso.sso.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class KeyringTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @Test
    void generatedKeyringHasOneVersion4SecretStampedWithTheClock() {
        try (Keyring keyring = Keyring.generate(CLOCK)) {
            assertThat(keyring.current().created()).isEqualTo(CLOCK.instant());
            assertThat(keyring.current().msid().version()).isEqualTo(4);
            assertThat(keyring.previous()).isEmpty();
            assertThat(keyring.secrets()).containsExactly(keyring.current());
        }
    }

    @Test
    void twoGeneratedKeyringsHaveDifferentMsidsAndKeys() {
        try (Keyring a = Keyring.generate();
                Keyring b = Keyring.generate()) {
            assertThat(a.current().msid()).isNotEqualTo(b.current().msid());
            assertThat(a.currentKey().getEncoded()).isNotEqualTo(b.currentKey().getEncoded());
        }
    }

    @Test
    void rotateMakesTheOldCurrentThePreviousAndDropsTheOldPrevious() {
        try (Keyring first = Keyring.generate();
                Keyring second = first.rotate();
                Keyring third = second.rotate()) {
            assertThat(second.previous()).contains(first.current());
            assertThat(third.previous()).contains(second.current());
            assertThat(third.contains(first.current().msid())).isFalse();
            assertThat(third.secrets()).containsExactly(third.current(), second.current());
        }
    }

    @Test
    void closingTheOldKeyringDoesNotWipeTheRotatedOne() {
        Keyring first = Keyring.generate();
        Keyring second = first.rotate();
        byte[] previousBytes = second.find(
                        first.current().msid().getMostSignificantBits(),
                        first.current().msid().getLeastSignificantBits())
                .getEncoded();
        first.close();
        assertThat(previousBytes).isNotEqualTo(new byte[32]);
        assertThat(second.encode()).isNotEmpty();
        second.close();
    }

    @Test
    void closeZeroesTheKeyBytesAndLaterUseFails() throws Exception {
        Keyring keyring = Keyring.generate();
        MasterKey key = keyring.currentKey();
        java.lang.reflect.Field field = MasterKey.class.getDeclaredField("key");
        field.setAccessible(true);
        byte[] raw = (byte[]) field.get(key);
        keyring.close();
        keyring.close();
        assertThat(raw).containsOnly(0);
        assertThat(keyring.isClosed()).isTrue();
        assertThatThrownBy(keyring::encode).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(key::getEncoded).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringShowsMsidsButNoKeyMaterial() {
        try (Keyring keyring = Keyring.generate().rotate()) {
            String text = keyring.toString();
            assertThat(text).contains(keyring.current().msid().toString()).contains("redacted");
            assertThat(text).doesNotContain(hex(keyring.currentKey().getEncoded()));
            assertThat(keyring.currentKey().toString()).contains("redacted");
        }
    }

    @Test
    void encodeAndDecodeRoundTripBothSecrets() {
        try (Keyring original = Keyring.generate(CLOCK).rotate(CLOCK);
                Keyring copy = Keyring.decode(original.encode())) {
            assertThat(copy.secrets()).isEqualTo(original.secrets());
            assertThat(copy.currentKey().getEncoded())
                    .isEqualTo(original.currentKey().getEncoded());
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
