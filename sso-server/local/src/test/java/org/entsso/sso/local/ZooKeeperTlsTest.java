package org.entsso.sso.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterTlsException;
import org.entsso.cluster.ClusterUnavailableException;
import org.entsso.cluster.ZkTls;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.IssuedCertificate;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.node.ZooKeeperServerTls;
import org.entsso.sso.tls.NodeRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZooKeeper over TLS as {@code ops/sso-cluster} runs it (DESIGN.md decision 13): a real ZooKeeper server process
 * ({@code QuorumPeerMain}, standalone) whose {@code zoo.cfg} carries {@link ZooKeeperServerTls#zooCfgLines} (Netty, a
 * {@code secureClientPort} and no {@code clientPort}, {@code ssl.clientAuth=need}, a certificate from a
 * {@link ClusterCa}), and clients built from {@link ClusterConnection} with {@link ZkTls}, as nodes and admins build
 * them. The server has a JVM of its own because ZooKeeper's server takes its TLS settings from system properties.
 */
class ZooKeeperTlsTest {
    @TempDir
    static Path dir;

    private static final ClusterCa CA = ClusterCa.create("tls-test");
    private static final ClusterCa OTHER_CA = ClusterCa.create("tls-test");
    private static LocalProcesses processes;
    private static Path caPem;
    private static String connect;
    private static int port;

    @BeforeAll
    static void startZooKeeper() throws IOException {
        caPem = dir.resolve("ca.pem");
        CA.writeCertificatePem(caPem);
        port = freePort();
        connect = "127.0.0.1:" + port;
        Path server = ZooKeeperServerTls.issue(CA, caPem, connect, dir.resolve("zookeeper"))
                .get(0);
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(
                cfg,
                "tickTime=500\ndataDir=" + dir.resolve("data") + "\nsecureClientPort=" + port
                        + "\nsecureClientPortAddress=127.0.0.1\nadmin.enableServer=false\n"
                        + ZooKeeperServerTls.zooCfgLines(server),
                StandardCharsets.UTF_8);
        processes = new LocalProcesses(dir);
        processes.start(
                "zk",
                dir.resolve("zk.out"),
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                List.of(cfg.toString()));
        await("ZooKeeper's TLS port listening")
                .atMost(Timing.forWaiting())
                .ignoreExceptions()
                .until(() -> {
                    try (Socket ignored = new Socket("127.0.0.1", port)) {
                        return true;
                    }
                });
    }

    @AfterAll
    static void stopZooKeeper() {
        if (processes != null) {
            processes.stop("zk", Duration.ofSeconds(10));
        }
    }

    @Test
    void whenTheClientPresentsANodeCertificate_thenItWritesAndReads_authenticatedByThatCertificate() throws Exception {
        ZkTls node = files("node1", CA.issueNode("node1", "127.0.0.1", EnumSet.of(NodeRole.SSO_SERVER)), caPem);

        try (CuratorFramework client =
                connection(connect, node, Timing.forWaiting()).newCuratorClient()) {
            client.start();
            assertThat(client.blockUntilConnected((int) Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();
            client.create()
                    .creatingParentsIfNeeded()
                    .forPath("/tls/written", "over TLS".getBytes(StandardCharsets.UTF_8));

            assertThat(new String(client.getData().forPath("/tls/written"), StandardCharsets.UTF_8))
                    .isEqualTo("over TLS");
            // The server took the client's identity from the certificate (X509AuthenticationProvider).
            assertThat(client.getZookeeperClient().getZooKeeper().whoAmI()).anySatisfy(who -> {
                assertThat(who.getAuthScheme()).isEqualTo("x509");
                assertThat(who.getUser()).contains("CN=node1", "OU=node", "O=tls-test");
            });
        }
    }

    @Test
    void whenTheClientPresentsAnAdministratorCertificateWithoutAHostName_thenItIsServed() {
        ZkTls admin = files("admin", CA.issueAdmin("LOCAL\\ssoadmin"), caPem);

        try (ClusterAdmin cluster = ClusterAdmin.connect(connection(connect, admin, Timing.forWaiting()))) {
            assertThat(cluster.nodes()).isEmpty();
        }
    }

    @Test
    void whenATlsClientOffersNoCertificate_thenTheServerNeverServesIt_whileTheSameClientWithOneIsServed()
            throws Exception {
        ZkTls node = files("node2", CA.issueNode("node2", "127.0.0.1", EnumSet.of(NodeRole.SSO_SERVER)), caPem);

        assertThat(connects(rawTlsConfig(Optional.of(node)), Timing.forWaiting()))
                .isTrue();
        assertThat(connects(rawTlsConfig(Optional.empty()), Timing.scaled(Duration.ofSeconds(5))))
                .isFalse();
    }

    @Test
    void whenAPlaintextClientConnects_thenItIsNotServed_andConnectFailsWithinItsTimeout() {
        ClusterConnection plaintext = new ClusterConnection(
                connect, "tls-test", null, Timing.scaled(Duration.ofSeconds(3)), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> ClusterAdmin.connect(plaintext).close())
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("ZooKeeper at " + connect + " could not be reached within");
    }

    @Test
    void whenTheCertificateComesFromAnotherCa_thenConnectFailsSayingTheHandshakeWasRefused() {
        ZkTls foreign =
                files("foreign", OTHER_CA.issueNode("node1", "127.0.0.1", EnumSet.of(NodeRole.SSO_SERVER)), caPem);

        assertThatThrownBy(() -> ClusterAdmin.connect(connection(connect, foreign, shortTimeout()))
                        .close())
                .isInstanceOf(ClusterTlsException.class)
                .hasMessageContaining("ZooKeeper at " + connect + " refused the TLS handshake")
                .hasMessageContaining("this client's certificate");
    }

    @Test
    void whenTheClientTrustsAnotherCa_thenConnectFailsSayingItDoesNotTrustTheServer() {
        Path otherPem = dir.resolve("other-ca.pem");
        OTHER_CA.writeCertificatePem(otherPem);
        ZkTls distrustful =
                files("distrustful", CA.issueNode("node3", "127.0.0.1", EnumSet.of(NodeRole.SSO_SERVER)), otherPem);

        assertThatThrownBy(() -> ClusterAdmin.connect(connection(connect, distrustful, shortTimeout()))
                        .close())
                .isInstanceOf(ClusterTlsException.class)
                .hasMessageContaining("does not trust the certificate of 127.0.0.1:" + port);
    }

    @Test
    void whenTheClientDialsAHostTheServerCertificateDoesNotName_thenConnectFails_hostNamesAreVerified() {
        ZkTls node = files("node4", CA.issueNode("node4", "127.0.0.1", EnumSet.of(NodeRole.SSO_SERVER)), caPem);
        String byName = "localhost:" + port; // the server's certificate names 127.0.0.1 only

        assertThatThrownBy(() -> ClusterAdmin.connect(connection(byName, node, shortTimeout()))
                        .close())
                .isInstanceOf(ClusterTlsException.class)
                .hasMessageContaining("does not trust the certificate of localhost:" + port)
                .hasMessageContaining("localhost");
    }

    @Test
    void whenTheKeyStorePasswordFileIsWrong_thenConnectFailsBeforeDialling_namingTheFiles() throws IOException {
        ZkTls node = files("node5", CA.issueNode("node5", "127.0.0.1", EnumSet.of(NodeRole.SSO_SERVER)), caPem);
        Files.writeString(node.keyStorePasswordFile(), "not-the-password");
        // Nobody listens there and the timeout is long: only a check made before connecting fails at once.
        String nowhere = "127.0.0.1:" + freePort();

        assertThatThrownBy(() -> ClusterAdmin.connect(connection(nowhere, node, Duration.ofMinutes(10)))
                        .close())
                .isInstanceOf(ClusterTlsException.class)
                .hasMessageContaining("cannot be used")
                .hasMessageContaining(node.keyStore().toString());
    }

    private static Duration shortTimeout() {
        return Timing.scaled(Duration.ofSeconds(3));
    }

    private static ClusterConnection connection(String connectString, ZkTls tls, Duration timeout) {
        return new ClusterConnection(connectString, "tls-test", null, timeout, Optional.empty(), Optional.of(tls));
    }

    /** Writes {@code certificate} as {@code <name>.p12} with a generated password file. */
    private static ZkTls files(String name, IssuedCertificate certificate, Path trustStore) {
        Path keyStore = dir.resolve(name + ".p12");
        Path passwordFile = dir.resolve(name + ".p12.pwd");
        PasswordFiles.generate(passwordFile);
        char[] password = PasswordFiles.read(passwordFile, "password file");
        try {
            certificate.writePkcs12(keyStore, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        return ZkTls.of(keyStore, passwordFile, trustStore);
    }

    /**
     * A bare ZooKeeper client configured for TLS by hand, as someone with ZooKeeper's own tools would: the cluster CA
     * as trust store and, when given, {@code keyStore}'s certificate.
     */
    private static ZKClientConfig rawTlsConfig(Optional<ZkTls> keyStore) {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, ClientCnxnSocketNetty.class.getName());
        config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false"); // see ZkClientConfigs
        config.setProperty("zookeeper.ssl.trustStore.location", caPem.toString());
        config.setProperty("zookeeper.ssl.trustStore.type", "PEM");
        keyStore.ifPresent(files -> {
            config.setProperty(
                    "zookeeper.ssl.keyStore.location", files.keyStore().toString());
            config.setProperty(
                    "zookeeper.ssl.keyStore.passwordPath",
                    files.keyStorePasswordFile().toString());
            config.setProperty("zookeeper.ssl.keyStore.type", "PKCS12");
        });
        return config;
    }

    /** Whether a bare ZooKeeper handle with {@code config} gets a session within {@code wait}. */
    private static boolean connects(ZKClientConfig config, Duration wait) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper zk = new ZooKeeper(connect, 4000, watcher, config);
        try {
            return connected.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            zk.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
