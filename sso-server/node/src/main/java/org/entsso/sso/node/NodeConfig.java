package org.entsso.sso.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.transport.TlsSettings;

/**
 * One node's configuration, read from its {@code node.properties} by {@link NodeConfigFile} (keys documented there
 * and in ops/README.md). Paths are absolute (resolved against the file's folder). Secrets are never held here, only
 * the paths of the owner-only files that contain them. Immutable.
 *
 * @param file the file this was read from
 * @param nodeName the node's name in the cluster
 * @param nodeHost the host clients reach this node at (the SAN of its certificate)
 * @param roles what the node runs
 * @param clusterName the cluster's name in ZooKeeper
 * @param zooKeeper the ZooKeeper connect string
 * @param sessionTimeout the ZooKeeper session timeout (default 4 s)
 * @param zooKeeperAuthFile an owner-only file holding {@code user:password}, when the cluster's znodes are protected
 * @param zooKeeperTls whether the node reaches ZooKeeper over TLS with its own certificate ({@code tlsKeyStore},
 *     {@code tlsTrustStore}); false only by an explicit {@code zookeeper.tls=false}
 * @param database how the node reaches the SSO database (URL, login, TLS or the explicit plaintext opt-out)
 * @param apiPort the HTTPS port of the SSO server's API
 * @param mssPort the HTTPS port the Master Secret Service listens on while this node owns it
 * @param tlsKeyStore the node's PKCS#12 key store (certificate and key)
 * @param tlsKeyStorePasswordFile an owner-only file holding the key store's password
 * @param tlsTrustStore the cluster CA certificate (PEM)
 * @param secretStore the node's BCFKS secret store (master-secret-server role only)
 * @param secretStorePasswordFile an owner-only file holding the secret store's password
 * @param logDirectory where the node writes its logs
 * @param lookups the credential cache timeout and the database outage grace of the lookup path
 * @param keyringPoll how often the SSO server reads the master secret server's name without a change notification
 * @param possibleOwners the nodes that may run the Master Secret Service (empty: every node)
 * @param preferredOwners the ENTSSO group's preferred owners, in order
 * @param networkName the ENTSSO group's network name
 * @param ipAddress the ENTSSO group's (simulated) IP address
 * @param metricsHost the address the plain-HTTP metrics and health endpoint binds
 * @param metricsPort its port; empty: no such endpoint
 * @param tlsRevocationList the cluster CA's revocation list (PEM or DER), reread when it changes; empty: none
 */
public record NodeConfig(
        Path file,
        String nodeName,
        String nodeHost,
        Set<NodeRole> roles,
        String clusterName,
        String zooKeeper,
        Duration sessionTimeout,
        Optional<Path> zooKeeperAuthFile,
        boolean zooKeeperTls,
        DatabaseSettings database,
        int apiPort,
        int mssPort,
        Path tlsKeyStore,
        Path tlsKeyStorePasswordFile,
        Path tlsTrustStore,
        Optional<Path> secretStore,
        Optional<Path> secretStorePasswordFile,
        Path logDirectory,
        LookupSettings lookups,
        Duration keyringPoll,
        List<String> possibleOwners,
        List<String> preferredOwners,
        String networkName,
        String ipAddress,
        String metricsHost,
        Optional<Integer> metricsPort,
        Optional<Path> tlsRevocationList,
        TlsSettings.HandshakeRate handshakeRate,
        Path auditFile,
        boolean auditFailClosed) {

    public NodeConfig {
        roles = Set.copyOf(roles);
        possibleOwners = List.copyOf(possibleOwners);
        preferredOwners = List.copyOf(preferredOwners);
    }

    /** The SSO database's JDBC URL as configured (no password in it; not the tunnel's local end). */
    public String databaseUrl() {
        return database.url();
    }

    /** The database login, if any. */
    public Optional<String> databaseUser() {
        return database.user();
    }

    /** The owner-only file holding the database login's password, if any. */
    public Optional<Path> databasePasswordFile() {
        return database.passwordFile();
    }

    /** Whether this node may run the Master Secret Service. */
    public boolean mayOwnMasterSecret() {
        return roles.contains(NodeRole.MASTER_SECRET_SERVER);
    }
}
