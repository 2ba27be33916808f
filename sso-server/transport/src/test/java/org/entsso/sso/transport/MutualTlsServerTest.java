package org.entsso.sso.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.tls.internal.TlsContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mutual TLS 1.3 server foundation on loopback: who gets in, what handlers see, the lifecycle. */
class MutualTlsServerTest {
    private final TestPki pki = new TestPki();
    private final AtomicInteger handled = new AtomicInteger();
    private MutualTlsServer server;

    @BeforeEach
    void start() {
        server = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()))
                .route("/whoami", (exchange, caller) -> {
                    handled.incrementAndGet();
                    byte[] body = (caller.kind() + " " + caller.principal() + " " + caller.roles())
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.send(200, body, body.length);
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI whoami() {
        return server.endpoint().resolve("/whoami");
    }

    @Test
    void everyHandlerSeesTheIdentityOfTheVerifiedClientCertificate() throws Exception {
        HttpResponse<String> admin = TestPki.get(pki.admin("CONTOSO\\ssoadmin"), whoami());
        HttpResponse<String> node = TestPki.get(pki.ssoServer("node2"), whoami());

        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("ADMIN CONTOSO\\ssoadmin []");
        assertThat(node.body()).isEqualTo("NODE node2 [SSO_SERVER]");
        assertThat(node.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void whenAZooKeeperServerCertificateCalls_thenItIsRefused403_andNoHandlerRuns() throws Exception {
        TlsMaterial zooKeeper = TlsMaterial.of(pki.ca.issueZooKeeper("zk1", TestPki.LOOPBACK), pki.ca.certificate());

        HttpResponse<String> response = TestPki.get(zooKeeper, whoami());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("a cluster certificate");
        assertThat(handled).hasValue(0);
    }

    @Test
    void anUnroutedPathGets404WithAJsonError() throws Exception {
        HttpResponse<String> response =
                TestPki.get(pki.ssoServer("node2"), server.endpoint().resolve("/whoami/x"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("{\"code\":15001,");
        for (String path : new String[] {"/", "/nowhere"}) {
            HttpResponse<String> elsewhere =
                    TestPki.get(pki.admin("a"), server.endpoint().resolve(path));
            assertThat(elsewhere.statusCode()).isEqualTo(404);
            assertThat(elsewhere.body()).startsWith("{\"code\":15001,").contains("No endpoint at " + path);
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void whenARouteTreeIsMounted_thenItServesItsPrefixAndEverythingBelow_butNotLongerNames() throws Exception {
        try (MutualTlsServer tree = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()))) {
            tree.routeTree("/v1/things", (exchange, caller) -> {
                byte[] body = exchange.rawPath().getBytes(StandardCharsets.UTF_8);
                exchange.send(200, body, body.length);
            });
            tree.route("/v1/things/exact", (exchange, caller) -> exchange.sendEmpty(204));
            tree.start();

            HttpResponse<String> root =
                    TestPki.get(pki.admin("a"), tree.endpoint().resolve("/v1/things"));
            HttpResponse<String> below =
                    TestPki.get(pki.admin("a"), tree.endpoint().resolve("/v1/things/A%5Cb/c"));
            HttpResponse<String> exact =
                    TestPki.get(pki.admin("a"), tree.endpoint().resolve("/v1/things/exact"));
            HttpResponse<String> longer =
                    TestPki.get(pki.admin("a"), tree.endpoint().resolve("/v1/thingsX"));

            assertThat(root.body()).isEqualTo("/v1/things");
            assertThat(below.body()).isEqualTo("/v1/things/A%5Cb/c");
            assertThat(exact.statusCode()).isEqualTo(204);
            assertThat(longer.statusCode()).isEqualTo(404);
            assertThat(longer.body()).startsWith("{\"code\":15001,");
        }
        assertThatThrownBy(() -> new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()))
                        .routeTree("/v1/things/", (exchange, caller) -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenARouteDeclaresItsCallers_thenOthersGet403WithTheRoutesCode_andNeverReachTheHandler() throws Exception {
        try (MutualTlsServer guarded = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()))) {
            guarded.route("/admins", WorkPool.DEFAULT, CallerPolicy.administrators(), (exchange, caller) -> {
                        handled.incrementAndGet();
                        exchange.sendEmpty(204);
                    })
                    .routeTree(
                            "/servers",
                            WorkPool.DEFAULT,
                            WorkPool.DEFAULT,
                            CallerPolicy.nodesWith(NodeRole.SSO_SERVER),
                            (exchange, caller) -> {
                                handled.incrementAndGet();
                                exchange.sendEmpty(204);
                            });
            guarded.start();
            URI admins = guarded.endpoint().resolve("/admins");
            URI servers = guarded.endpoint().resolve("/servers/x");

            HttpResponse<String> clientToAdmins = TestPki.get(pki.client("CONTOSO\\alice"), admins);
            HttpResponse<String> nodeToAdmins = TestPki.get(pki.ssoServer("node2"), admins);
            HttpResponse<String> adminToServers = TestPki.get(pki.admin("CONTOSO\\ssoadmin"), servers);
            HttpResponse<String> mssOnlyToServers =
                    TestPki.get(pki.node("node7", TestPki.LOOPBACK, NodeRole.MASTER_SECRET_SERVER), servers);
            assertThat(handled).hasValue(0);

            assertThat(clientToAdmins.statusCode()).isEqualTo(403);
            assertThat(clientToAdmins.body())
                    .startsWith("{\"code\":11042,")
                    .contains("Use an administrator certificate, not a client one.");
            assertThat(nodeToAdmins.body()).startsWith("{\"code\":11042,").contains("not a node one");
            assertThat(adminToServers.statusCode()).isEqualTo(403);
            assertThat(adminToServers.body())
                    .startsWith("{\"code\":11042,")
                    .contains("SSO servers (a node certificate with the role sso-server)");
            assertThat(mssOnlyToServers.statusCode()).isEqualTo(403);
            assertThat(TestPki.get(pki.admin("CONTOSO\\ssoadmin"), admins).statusCode())
                    .isEqualTo(204);
            assertThat(TestPki.get(pki.ssoServer("node2"), servers).statusCode())
                    .isEqualTo(204);
            assertThat(handled).hasValue(2);
        }
    }

    @Test
    void aCertificateFromAnotherCaFailsTheHandshake() {
        ClusterCa rogue = ClusterCa.create("test-cluster");
        TlsMaterial intruder = TlsMaterial.of(
                rogue.issueNode("node9", TestPki.LOOPBACK, java.util.Set.of(NodeRole.SSO_SERVER)),
                pki.ca.certificate());

        try (KeyringClient client = TestKeyringClients.of(intruder)) {
            assertThatThrownBy(() -> client.fetch(server.endpoint()))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.code()).isEqualTo(10532))
                    .hasMessageContaining("the server refused this node's certificate");
        }
        assertThat(TestPki.rawGet(
                        intruder.clientContext(NodeRole.MASTER_SECRET_SERVER),
                        "TLSv1.3",
                        server.boundPort(),
                        "/whoami"))
                .doesNotStartWith("HTTP/");
        assertThat(handled).hasValue(0);
    }

    @Test
    void aClientWithoutACertificateFailsTheHandshake() {
        SSLContext anonymous = TlsContexts.withoutIdentity(pki.ca.certificate(), "TLSv1.3");

        assertThat(TestPki.rawGet(anonymous, "TLSv1.3", server.boundPort(), "/whoami"))
                .doesNotStartWith("HTTP/");
        assertThat(handled).hasValue(0);
    }

    @Test
    void aTls12OnlyClientFailsTheHandshake() {
        SSLContext context = pki.ssoServer("node2").clientContext(NodeRole.MASTER_SECRET_SERVER);

        assertThat(TestPki.rawGet(context, "TLSv1.2", server.boundPort(), "/whoami"))
                .startsWith("failed: javax.net.ssl.SSLHandshakeException");
        assertThat(TestPki.rawGet(context, "TLSv1.3", server.boundPort(), "/whoami"))
                .isEqualTo("HTTP/1.1 200 OK");
        assertThat(handled).hasValue(1);
    }

    @Test
    void connectionsThatStallTheirHandshakeAreDroppedSoAnSsoServerStillGetsIn() throws Exception {
        TlsSettings settings = new TlsSettings(TestPki.LOOPBACK, 0, pki.mss(), 2, Duration.ofMillis(300));
        List<Socket> stalled = new ArrayList<>();
        try (KeyringServer keyrings = new KeyringServer(settings, Optional::empty)) {
            keyrings.start();
            // One byte of a TLS record header each: enough to hand the connection to a worker, which then blocks.
            for (int i = 0; i < settings.workerThreads() * 2; i++) {
                Socket socket = new Socket(TestPki.LOOPBACK, keyrings.boundPort());
                stalled.add(socket);
                socket.getOutputStream().write(0x16);
                socket.getOutputStream().flush();
            }
            try (KeyringClient client = TestKeyringClients.of(pki.ssoServer("node2"))) {
                // 503 means the request went through the handshake to the handler despite the stalled connections.
                assertThatThrownBy(() -> client.fetch(keyrings.endpoint()))
                        .isInstanceOfSatisfying(
                                SsoException.class, e -> assertThat(e.code()).isEqualTo(10783));
            }
            for (Socket socket : stalled) {
                socket.setSoTimeout((int) TestPki.DEADLINE.toMillis());
                assertThat(socket.getInputStream().read())
                        .as("the server dropped the stalled connection")
                        .isEqualTo(-1);
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void theLifecycleIsLatentStartedClosed() throws Exception {
        MutualTlsServer fresh = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()));
        assertThat(fresh.state()).isEqualTo(MutualTlsServer.State.LATENT);
        assertThatThrownBy(fresh::boundPort).isInstanceOf(IllegalStateException.class);
        fresh.route("/whoami", (exchange, caller) -> exchange.sendEmpty(204));
        fresh.start();
        try {
            assertThat(fresh.state()).isEqualTo(MutualTlsServer.State.STARTED);
            assertThat(fresh.boundPort()).isPositive();
            assertThatThrownBy(fresh::start).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> fresh.route("/late", (exchange, caller) -> {}))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(TestPki.get(pki.admin("a"), fresh.endpoint().resolve("/whoami"))
                            .statusCode())
                    .isEqualTo(204);
        } finally {
            int port = fresh.boundPort();
            fresh.close();
            fresh.close();
            assertThat(fresh.state()).isEqualTo(MutualTlsServer.State.CLOSED);
            assertThat(TestPki.rawGet(
                            pki.admin("a").clientContext(NodeRole.MASTER_SECRET_SERVER), "TLSv1.3", port, "/whoami"))
                    .startsWith("failed: java.net.ConnectException");
        }
        assertThatThrownBy(fresh::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPortInUseFailsStartClearly() {
        try (MutualTlsServer second =
                new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, server.boundPort(), pki.mss()))) {
            assertThatThrownBy(second::start)
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("could not listen on 127.0.0.1:" + server.boundPort());
            assertThat(second.state()).isEqualTo(MutualTlsServer.State.CLOSED);
        }
    }
}
