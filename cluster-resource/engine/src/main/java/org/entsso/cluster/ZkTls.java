package org.entsso.cluster;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The TLS files a client presents to ZooKeeper (DESIGN.md decision 13: nodes and ZooKeeper talk TLS with certificates
 * from the cluster CA). The client speaks TLS 1.3 through ZooKeeper's Netty client, presents the certificate of
 * {@code keyStore} and accepts only servers whose certificate chains to {@code trustStore} and names the host it
 * dialled (ZooKeeper's server host name verification stays on). The key store's password is never held here:
 * ZooKeeper reads it from {@code keyStorePasswordFile} (one trailing newline ignored) each time it opens the store.
 * Immutable; thread-safe. {@link #toString()} shows paths only.
 *
 * @param keyStore the client certificate and its key
 * @param keyStorePasswordFile an owner-only file holding the key store's password
 * @param keyStoreType the key store's format
 * @param trustStore the cluster CA certificate, the only trust anchor
 * @param trustStoreType the trust store's format
 */
public record ZkTls(
        Path keyStore, Path keyStorePasswordFile, StoreType keyStoreType, Path trustStore, StoreType trustStoreType) {

    /** The store formats ZooKeeper 3.9 reads ({@code zookeeper.ssl.keyStore.type}). */
    public enum StoreType {
        PKCS12,
        JKS,
        PEM,
        BCFKS
    }

    public ZkTls {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePasswordFile, "keyStorePasswordFile");
        Objects.requireNonNull(keyStoreType, "keyStoreType");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStoreType, "trustStoreType");
        // ZooKeeper resolves relative paths against its own working directory: pin them now.
        keyStore = keyStore.toAbsolutePath();
        keyStorePasswordFile = keyStorePasswordFile.toAbsolutePath();
        trustStore = trustStore.toAbsolutePath();
    }

    /**
     * The cluster's usual files: a PKCS#12 key store with its password file, and the cluster CA certificate in PEM, as
     * {@code sso-init} writes them for every node and administrator.
     */
    public static ZkTls of(Path keyStore, Path keyStorePasswordFile, Path trustStore) {
        return new ZkTls(keyStore, keyStorePasswordFile, StoreType.PKCS12, trustStore, StoreType.PEM);
    }

    @Override
    public String toString() {
        return "ZkTls[keyStore=" + keyStore + " (" + keyStoreType + "), passwordFile=" + keyStorePasswordFile
                + ", trustStore=" + trustStore + " (" + trustStoreType + ")]";
    }
}
