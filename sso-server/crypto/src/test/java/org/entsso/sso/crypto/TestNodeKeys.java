package org.entsso.sso.crypto;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/**
 * Node key pairs for tests, generated once per test JVM: RSA key generation dominates the store tests otherwise.
 * RSA-2048 here; the production path (RSA-3072) is exercised by {@code NodeSecretStoreTest}.
 */
final class TestNodeKeys {
    private static final KeyPair FIRST = generate();
    private static final KeyPair SECOND = generate();

    private TestNodeKeys() {}

    /** A store for {@code node} in {@code folder} with a fresh password file and a pre-generated key pair. */
    static NodeSecretStore store(Path folder, String node, boolean second) {
        Path password = folder.resolve(node + ".password");
        NodeSecretStore.generatePasswordFile(password);
        return NodeSecretStore.create(folder.resolve(node + ".bcfks"), password, node, second ? SECOND : FIRST);
    }

    static KeyPair first() {
        return FIRST;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
