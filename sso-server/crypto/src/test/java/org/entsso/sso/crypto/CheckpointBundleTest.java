package org.entsso.sso.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.entsso.sso.SsoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint bundle: one crypto checkpoint per possible owner's key, each opened only by its own node. */
class CheckpointBundleTest {
    @TempDir
    Path dir;

    @Test
    void whenSealedForTwoNodes_thenEachNodeOpensItsOwnEntryAfterAnEncodeDecodeRoundTrip() {
        try (Keyring keyring = Keyring.generate().rotate();
                NodeSecretStore node1 = TestNodeKeys.store(dir, "node1", false);
                NodeSecretStore node2 = TestNodeKeys.store(dir, "node2", true)) {
            byte[] encoded = CheckpointBundle.seal(keyring, List.of(node1.nodePublicKey(), node2.nodePublicKey()))
                    .encode();

            CheckpointBundle decoded = CheckpointBundle.decode(encoded);

            assertThat(decoded.fingerprints()).hasSize(2);
            for (NodeSecretStore node : List.of(node1, node2)) {
                byte[] entry = decoded.entryFor(CryptoCheckpoint.fingerprint(node.nodePublicKey()))
                        .orElseThrow();
                try (Keyring opened = node.openCheckpoint(entry)) {
                    assertThat(opened.secrets()).isEqualTo(keyring.secrets());
                }
            }
            byte[] node1Entry = decoded.entryFor(CryptoCheckpoint.fingerprint(node1.nodePublicKey()))
                    .orElseThrow();
            assertThatThrownBy(() -> node2.openCheckpoint(node1Entry)).isInstanceOf(SsoException.class);
            assertThat(decoded.toString()).doesNotContain(Arrays.toString(node1Entry));
        }
    }

    @Test
    void whenTheBytesAreNotABundle_thenDecodeFailsWithAnSsoException() {
        assertThatThrownBy(() -> CheckpointBundle.decode("ESCB-garbage".getBytes()))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("checkpoint bundle");
        byte[] empty = CheckpointBundle.of(java.util.Map.of()).encode();
        assertThat(CheckpointBundle.decode(empty).fingerprints()).isEmpty();
        assertThatThrownBy(() -> CheckpointBundle.decode(Arrays.copyOf(empty, empty.length + 1)))
                .isInstanceOf(SsoException.class);
    }
}
