package org.entsso.sso.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.security.Security;
import java.util.Set;
import org.entsso.sso.tls.NodeRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md decision 12 and java-anchors.md §1.5, checked on the real objects. */
class HygieneTest {
    @TempDir
    Path folder;

    @Test
    void usingEveryComponentNeverRegistersBouncyCastleGlobally() {
        try (Keyring keyring = Keyring.generate();
                NodeSecretStore store = TestNodeKeys.store(folder, "node1", false)) {
            store.saveKeyring(keyring);
            new BackupFile(BackupFileTest.FAST)
                    .write(folder.resolve("b.bak"), keyring, "a long password".toCharArray(), null);
            ClusterCa.create("c").issueNode("n", "h", Set.of(NodeRole.SSO_SERVER));
            CryptoCheckpoint.seal(keyring, store.nodePublicKey());
        }
        assertThat(Security.getProvider("BC")).isNull();
    }

    @Test
    void secretBearingTypesRedactToString() {
        try (Keyring keyring = Keyring.generate();
                NodeSecretStore store = TestNodeKeys.store(folder, "node1", false)) {
            ClusterCa ca = ClusterCa.create("c");
            for (Object secretBearing : new Object[] {
                keyring, keyring.currentKey(), store, ca, ca.issueClient("alice"), new ValueCipher(keyring)
            }) {
                assertThat(secretBearing.toString())
                        .as(secretBearing.getClass().getSimpleName())
                        .contains("redacted");
            }
        }
    }

    @Test
    void masterKeysRefuseJavaSerialization() {
        try (Keyring keyring = Keyring.generate()) {
            assertThatThrownBy(
                            () -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(keyring.currentKey()))
                    .isInstanceOf(NotSerializableException.class);
        }
    }
}
