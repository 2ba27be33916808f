package org.entsso.failover.bench;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import javax.net.ssl.SSLParameters;
import org.entsso.sso.api.NodeStatusSource;
import org.entsso.sso.api.SsoApi;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.server.EncryptingWrites;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringStatus;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.TlsSettings;

/**
 * The HTTPS front of one SSO server for the lookup benchmarks: {@link SsoApi} on a {@link MutualTlsServer} on
 * loopback (random port) over a {@link LookupFixture}'s store and started lookup service, plus a no-op endpoint
 * {@value #NOOP} on the same {@code lookups} pool, and JDK HTTP/1.1 clients with certificates of the cluster's CA.
 * The fixture stays the caller's to close, after this.
 */
final class LookupServer implements AutoCloseable {
    static final String NOOP = "/v1/bench/noop";

    private final ClusterCa ca = ClusterCa.create("bench");
    private final MutualTlsServer https;

    /** Starts the server over {@code fixture}, whose lookup service must be started. */
    LookupServer(LookupFixture fixture) {
        TlsMaterial node = TlsMaterial.of(
                ca.issueNode("node1", "127.0.0.1", Set.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER)),
                ca.certificate());
        https = new MutualTlsServer(new TlsSettings("127.0.0.1", 0, node))
                .route(NOOP, SsoApi.LOOKUPS, (exchange, caller) -> {
                    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                    exchange.send(200, body, body.length);
                });
        new SsoApi(
                        fixture.store(),
                        fixture.lookups(),
                        new NoWrites(),
                        new Status(fixture.keyrings()),
                        Clock.systemUTC())
                .mountOn(https);
        https.start();
    }

    URI endpoint() {
        return https.endpoint();
    }

    /** A client whose certificate names {@code principal} ({@code DOMAIN\\user}), on TLS 1.3 and HTTP/1.1. */
    HttpClient client(String principal) {
        return client(ca, principal);
    }

    /** Writes this server's CA as an owner-only PKCS#12 file, so that a load generator in another process can issue. */
    void writeCa(Path file, char[] password) {
        ca.writePkcs12(file, password);
    }

    /** A client with a certificate of {@code ca} naming {@code principal}, on TLS 1.3 and HTTP/1.1. */
    static HttpClient client(ClusterCa ca, String principal) {
        SSLParameters tls = new SSLParameters();
        tls.setProtocols(new String[] {TlsMaterial.PROTOCOL});
        return HttpClient.newBuilder()
                .sslContext(TlsMaterial.of(ca.issueClient(principal), ca.certificate())
                        .clientContext(NodeRole.MASTER_SECRET_SERVER))
                .sslParameters(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(null))
                .build();
    }

    @Override
    public void close() {
        https.close();
    }

    /** The benchmarks only read. */
    private static final class NoWrites implements EncryptingWrites {
        @Override
        public Optional<PurgeStep> setCredentials(
                String caller,
                UUID requestId,
                String application,
                WindowsAccount account,
                SortedMap<Integer, byte[]> fields) {
            throw new UnsupportedOperationException("read-only benchmark");
        }

        @Override
        public void setConfigInfo(
                String caller, UUID requestId, String application, String identifier, Map<String, String> props) {
            throw new UnsupportedOperationException("read-only benchmark");
        }
    }

    /** A standby SSO server holding its keyring. */
    private record Status(KeyringHolder keyrings) implements NodeStatusSource {
        @Override
        public String nodeName() {
            return "node1";
        }

        @Override
        public Set<NodeRole> roles() {
            return Set.of(NodeRole.SSO_SERVER);
        }

        @Override
        public boolean activeMasterSecretServer() {
            return false;
        }

        @Override
        public MasterSecretServer masterSecretServer() {
            return new MasterSecretServer("ENTSSO", Optional.empty(), OptionalLong.empty(), false);
        }

        @Override
        public Optional<KeyringStatus> keyring() {
            return keyrings.status();
        }

        @Override
        public Optional<Instant> lastKeyringRefresh() {
            return Optional.empty();
        }

        @Override
        public Optional<String> lastKeyringError() {
            return Optional.empty();
        }

        @Override
        public List<SsoServer> ssoServers() {
            return List.of();
        }
    }
}
