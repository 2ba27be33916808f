package org.entsso.sso.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.entsso.cluster.testing.ManualClock;
import org.entsso.sso.audit.SsoAudit;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.KeyringEncoding;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.TlsSettings;

/**
 * A running SSO server API on loopback over real mutual TLS: an embedded H2 file database in a temporary folder, a
 * generated keyring installed in a {@link KeyringHolder} (as fetched from a master secret server of epoch 7), the
 * lookup service, {@link DirectWrites} playing the master secret server, and callers with client certificates from
 * {@link TestPki}. Not thread-safe; one per test class.
 */
final class ApiFixture implements AutoCloseable {
    static final long EPOCH = 7;
    static final String ADMIN = "CONTOSO\\ssoadmin";
    static final String APP_ADMIN = "CONTOSO\\payrolladmin";
    static final String ALICE = "CONTOSO\\alice";
    static final String BOB = "CONTOSO\\bob";
    static final String USERS = "CONTOSO\\Payroll Users";
    static final String ADMINS = "CONTOSO\\Payroll Admins";

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T12:00:00Z"));
    final TestPki pki = new TestPki();
    final Path dir;
    final SsoStore store;
    final Keyring writerKeyring;
    final KeyringHolder keyrings;
    final CredentialLookupService lookups;
    final DirectWrites writes;
    final FakeNodeStatus node = new FakeNodeStatus();
    final GlobalSettings global;
    final MutualTlsServer server;
    private final Map<String, Caller> callers = new ConcurrentHashMap<>();

    /** A fixture whose database lives in {@code dir} (a JUnit {@code @TempDir}, which deletes it). */
    ApiFixture(Path dir) {
        this(dir, SsoAudit.none());
    }

    /** As {@link #ApiFixture(Path)}, recording the SSO AUDIT log in {@code audit}. */
    ApiFixture(Path dir, SsoAudit audit) {
        this.dir = dir;
        store = SsoStore.open(StoreConfig.builder(H2Urls.file(dir.resolve("sso")))
                .poolName("api")
                .build());
        writerKeyring = Keyring.generate();
        store.takeOver(EPOCH, "node1");
        store.asMasterSecretServer(EPOCH, Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.secrets().register(writerKeyring.current().msid());
            return s.globalInfo().setCurrentMsid(writerKeyring.current().msid());
        });
        keyrings = new KeyringHolder("ENTSSO", clock);
        keyrings.install(copyOf(writerKeyring), EPOCH);
        node.keyrings = keyrings;
        lookups = new CredentialLookupService(store, keyrings, LookupSettings.defaults(), clock);
        lookups.start();
        writes = new DirectWrites(store, writerKeyring);
        global = store.read(s -> s.globalInfo().get().settings());
        addToGroup(ADMIN, global.ssoAdminGroup());
        addToGroup(APP_ADMIN, ADMINS);
        addToGroup(ALICE, USERS);
        addToGroup(BOB, USERS);
        // A handshake deadline of the test's own scale: a loaded build machine can take seconds for the first one.
        server = new MutualTlsServer(
                new TlsSettings(TestPki.LOOPBACK, 0, pki.mss(), TlsSettings.DEFAULT_WORKER_THREADS, TestPki.DEADLINE));
        new SsoApi(store, lookups, writes, node, clock, audit).mountOn(server);
        server.start();
    }

    private static Keyring copyOf(Keyring keyring) {
        byte[] encoded = KeyringEncoding.encode(keyring);
        try {
            return KeyringEncoding.decode(encoded);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    void addToGroup(String principal, String group) {
        store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.groups().add(principal, group);
            return null;
        });
    }

    /** A caller holding a client certificate for {@code principal} (issued once per principal). */
    Caller as(String principal) {
        return callers.computeIfAbsent(principal, p -> new Caller(pki.client(p)));
    }

    /** A caller holding an SSO server node's certificate (principal {@code name}, no domain). */
    Caller asNode(String name) {
        return callers.computeIfAbsent("node:" + name, p -> new Caller(pki.ssoServer(name)));
    }

    /**
     * Sends {@code rawRequestHead} (request line and headers, without the final empty line) and {@code body} over a
     * raw TLS socket as {@code principal}, for requests an HTTP client refuses to build; returns the whole response.
     */
    String raw(String principal, String rawRequestHead, byte[] body) throws IOException {
        SSLContext context = pki.client(principal).clientContext(NodeRole.MASTER_SECRET_SERVER);
        try (SSLSocket socket =
                (SSLSocket) context.getSocketFactory().createSocket(TestPki.LOOPBACK, server.boundPort())) {
            socket.setSoTimeout((int) TestPki.DEADLINE.toMillis());
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            OutputStream out = socket.getOutputStream();
            out.write((rawRequestHead + "\r\nHost: " + TestPki.LOOPBACK + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends requests over mutual TLS with one certificate. */
    final class Caller {
        private final HttpClient http;

        Caller(TlsMaterial material) {
            SSLParameters tls = new SSLParameters();
            tls.setProtocols(new String[] {"TLSv1.3"});
            http = HttpClient.newBuilder()
                    .sslContext(material.clientContext(NodeRole.MASTER_SECRET_SERVER))
                    .sslParameters(tls)
                    .version(HttpClient.Version.HTTP_1_1)
                    .proxy(ProxySelector.of(null))
                    .connectTimeout(TestPki.DEADLINE)
                    .build();
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send("GET", path, null, Map.of());
        }

        HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
            return send("POST", path, json, Map.of());
        }

        HttpResponse<String> put(String path, String json, Map<String, String> headers)
                throws IOException, InterruptedException {
            return send("PUT", path, json, headers);
        }

        HttpResponse<String> send(String method, String path, String json, Map<String, String> headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                    .timeout(TestPki.DEADLINE)
                    .method(
                            method,
                            json == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(json));
            headers.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Override
    public void close() {
        server.close();
        lookups.close();
        keyrings.close();
        store.close();
        writerKeyring.close();
    }
}
