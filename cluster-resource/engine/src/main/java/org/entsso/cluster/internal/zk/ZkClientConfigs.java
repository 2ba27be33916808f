package org.entsso.cluster.internal.zk;

import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;
import org.apache.zookeeper.common.X509Util;
import org.entsso.cluster.ZkTls;

/**
 * The per-client ZooKeeper configuration of a TLS connection. ZooKeeper documents TLS through JVM-wide system
 * properties ({@code -Dzookeeper.client.secure=true ...}); we set the same keys on one {@link ZKClientConfig} handed to
 * one Curator client instead, so that two clients in a process may use different certificates and nothing global
 * changes (STYLE.md: no global JVM mutation). The key names come from ZooKeeper's own {@link ClientX509Util}, so a
 * renamed key fails here rather than silently falling back to plaintext defaults. Stateless; thread-safe.
 */
public final class ZkClientConfigs {
    /** TLS 1.3 only, as every other hop of the cluster (DESIGN.md decision 6). */
    static final String PROTOCOL = "TLSv1.3";

    private ZkClientConfigs() {}

    /**
     * A configuration that speaks TLS 1.3 through the Netty client socket, presents {@code tls}' certificate and
     * verifies the server's certificate and host name. Every TLS key this sets overrides a system property of the same
     * name (a {@code ZKClientConfig} starts from them), and password keys not used here are blanked, so no
     * {@code -Dzookeeper.ssl.*} of the JVM mixes into the connection.
     */
    public static ZKClientConfig tls(ZkTls tls) {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, ClientCnxnSocketNetty.class.getName());
        // We authenticate with the certificate (and digest credentials), never SASL. Left on, the SASL client looks up
        // the server address's host name (InetSocketAddress.getHostName), so 127.0.0.1 becomes "localhost" before the
        // Netty client verifies the server's certificate against it, and a certificate naming the address dialled
        // fails host name verification.
        config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        try (X509Util keys = new ClientX509Util()) {
            config.setProperty(
                    keys.getSslKeystoreLocationProperty(), tls.keyStore().toString());
            config.setProperty(keys.getSslKeystorePasswdProperty(), "");
            config.setProperty(
                    keys.getSslKeystorePasswdPathProperty(),
                    tls.keyStorePasswordFile().toString());
            config.setProperty(
                    keys.getSslKeystoreTypeProperty(), tls.keyStoreType().name());
            config.setProperty(
                    keys.getSslTruststoreLocationProperty(), tls.trustStore().toString());
            config.setProperty(keys.getSslTruststorePasswdProperty(), "");
            config.setProperty(keys.getSslTruststorePasswdPathProperty(), "");
            config.setProperty(
                    keys.getSslTruststoreTypeProperty(), tls.trustStoreType().name());
            config.setProperty(keys.getSslProtocolProperty(), PROTOCOL);
            config.setProperty(keys.getSslEnabledProtocolsProperty(), PROTOCOL);
            // ZooKeeper's default, stated: the server's certificate must name the host dialled.
            config.setProperty(keys.getSslHostnameVerificationEnabledProperty(), "true");
        }
        return config;
    }
}
