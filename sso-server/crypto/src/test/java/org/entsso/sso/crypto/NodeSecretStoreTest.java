package org.entsso.sso.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSecretStoreTest {
    @TempDir
    Path folder;

    private Path storeFile;
    private Path passwordFile;

    @BeforeEach
    void paths() {
        storeFile = folder.resolve("node1.bcfks");
        passwordFile = folder.resolve("node1.password");
    }

    @Test
    void aNewStoreHasANodeKeyAndNoKeyring() {
        NodeSecretStore.generatePasswordFile(passwordFile);
        try (NodeSecretStore store = NodeSecretStore.create(storeFile, passwordFile, "node1")) {
            assertThat(store.hasKeyring()).isFalse();
            assertThat(store.nodePublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(((java.security.interfaces.RSAPublicKey) store.nodePublicKey())
                            .getModulus()
                            .bitLength())
                    .isEqualTo(3072);
            assertThat(store.nodeCertificate().getSubjectX500Principal().getName())
                    .contains("node1");
            assertThatThrownBy(store::keyring)
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.code()).isEqualTo(10520));
        }
    }

    @Test
    void aSavedKeyringSurvivesReopening() {
        NodeSecretStore.generatePasswordFile(passwordFile);
        try (Keyring keyring = Keyring.generate().rotate()) {
            try (NodeSecretStore store =
                    NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first())) {
                store.saveKeyring(keyring);
            }
            try (NodeSecretStore reopened = NodeSecretStore.open(storeFile, passwordFile);
                    Keyring loaded = reopened.keyring()) {
                assertThat(loaded.secrets()).isEqualTo(keyring.secrets());
                assertThat(loaded.currentKey().getEncoded())
                        .isEqualTo(keyring.currentKey().getEncoded());
                assertThat(loaded.previousKey().getEncoded())
                        .isEqualTo(keyring.previousKey().getEncoded());
            }
            try (NodeSecretStore reopened = NodeSecretStore.open(storeFile, passwordFile);
                    Keyring rotated = keyring.rotate()) {
                reopened.saveKeyring(rotated);
                try (Keyring loaded = reopened.keyring()) {
                    assertThat(loaded.secrets()).isEqualTo(rotated.secrets());
                }
            }
        }
    }

    @Test
    void aWarmedStoreHandsOutKeyringsOfTheirOwn_whichASaveReplaces() {
        NodeSecretStore.generatePasswordFile(passwordFile);
        try (Keyring first = Keyring.generate();
                Keyring second = Keyring.generate()) {
            try (NodeSecretStore store =
                    NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first())) {
                store.saveKeyring(first);
            }
            try (NodeSecretStore store = NodeSecretStore.open(storeFile, passwordFile)) {
                store.warm();
                Keyring handedOut = store.keyring();
                handedOut.close(); // the caller's copy: closing it must not close what the store holds
                try (Keyring again = store.keyring()) {
                    assertThat(again.secrets()).isEqualTo(first.secrets());
                    assertThat(again.currentKey().getEncoded())
                            .isEqualTo(first.currentKey().getEncoded());
                }
                store.saveKeyring(second);
                try (Keyring saved = store.keyring()) {
                    assertThat(saved.secrets()).isEqualTo(second.secrets());
                }
            }
        }
    }

    @Test
    void warmingAStoreWithoutAKeyringOpensItsNodeKeyOnly() {
        NodeSecretStore.generatePasswordFile(passwordFile);
        try (NodeSecretStore store = NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first())) {
            store.warm();
            assertThat(store.hasKeyring()).isFalse();
            assertThatThrownBy(store::keyring).isInstanceOf(SsoException.class);
        }
    }

    @Test
    void theStoreAndThePasswordFileAreOwnerOnlyAndNoTemporaryFileIsLeft() throws IOException {
        NodeSecretStore.generatePasswordFile(passwordFile);
        try (NodeSecretStore store = NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first());
                Keyring keyring = Keyring.generate()) {
            store.saveKeyring(keyring);
        }
        assertThat(permissions(storeFile)).isEqualTo("rw-------");
        assertThat(permissions(passwordFile)).isEqualTo("rw-------");
        try (var listing = Files.list(folder)) {
            assertThat(listing).containsExactlyInAnyOrder(storeFile, passwordFile);
        }
    }

    @Test
    void aMissingPasswordFileIsReportedByPath() {
        assertThatThrownBy(() -> NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first()))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.SECRET_STORE_UNREADABLE))
                .hasMessageContaining(passwordFile.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void aPasswordFileThatGroupOrOthersCanAccessIsRefused() throws IOException {
        for (String loose : new String[] {"rw-r-----", "rw----r--", "rw-----w-", "rw---x---"}) {
            writePassword("a-long-store-password", loose);
            assertThatThrownBy(() -> NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first()))
                    .as(loose)
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.SECRET_STORE_UNREADABLE))
                    .hasMessageContaining(passwordFile.toString())
                    .hasMessageContaining(loose)
                    .hasMessageContaining("chmod 600")
                    .message()
                    .doesNotContain("a-long-store-password");
        }
    }

    @Test
    void aPasswordFileItsOwnerCannotReadIsRefused() throws IOException {
        writePassword("a-long-store-password", "-w-------");
        assertThatThrownBy(() -> NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first()))
                .hasMessageContaining(passwordFile.toString())
                .hasMessageContaining("not readable by its owner");
    }

    @Test
    void aPasswordPathThatIsAFolderOrAnEmptyFileIsRefused() throws IOException {
        Files.createDirectory(passwordFile);
        assertThatThrownBy(() -> NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first()))
                .hasMessageContaining("is not a regular file");
        Files.delete(passwordFile);
        writePassword("\n", "rw-------");
        assertThatThrownBy(() -> NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first()))
                .hasMessageContaining("is empty");
    }

    @Test
    void aStoreFileWithLoosePermissionsIsRefused() throws IOException {
        NodeSecretStore.generatePasswordFile(passwordFile);
        NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first())
                .close();
        Files.setPosixFilePermissions(storeFile, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> NodeSecretStore.open(storeFile, passwordFile))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.SECRET_STORE_UNREADABLE))
                .hasMessageContaining(storeFile.toString())
                .hasMessageContaining("rw-rw-r--");
    }

    @Test
    void theWrongPasswordDoesNotOpenTheStore() throws IOException {
        NodeSecretStore.generatePasswordFile(passwordFile);
        NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first())
                .close();
        Files.delete(passwordFile);
        writePassword("another-password-entirely\n", "rw-------");
        assertThatThrownBy(() -> NodeSecretStore.open(storeFile, passwordFile))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.code()).isEqualTo(10565))
                .hasMessageContaining("does not open the secret store " + storeFile);
    }

    @Test
    void aMissingStoreMeansNoSecretsAndAnExistingOneIsNotOverwritten() throws IOException {
        NodeSecretStore.generatePasswordFile(passwordFile);
        assertThatThrownBy(() -> NodeSecretStore.open(storeFile, passwordFile))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.NO_SECRETS_FOUND))
                .hasMessageContaining(storeFile.toString());
        Files.write(storeFile, new byte[] {1});
        assertThatThrownBy(() -> NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first()))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> NodeSecretStore.generatePasswordFile(passwordFile))
                .hasMessageContaining("already exists");
    }

    @Test
    void aClosedStoreRefusesUseAndRedactsItsPassword() {
        NodeSecretStore.generatePasswordFile(passwordFile);
        NodeSecretStore store = NodeSecretStore.create(storeFile, passwordFile, "node1", TestNodeKeys.first());
        assertThat(store.toString()).contains("redacted");
        store.close();
        store.close();
        assertThatThrownBy(store::hasKeyring).isInstanceOf(IllegalStateException.class);
    }

    private void writePassword(String password, String permissions) throws IOException {
        Files.deleteIfExists(passwordFile);
        Files.write(passwordFile, password.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString(permissions));
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
