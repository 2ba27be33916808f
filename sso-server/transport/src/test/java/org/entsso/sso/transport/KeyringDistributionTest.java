package org.entsso.sso.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.KeyringEncoding;
import org.entsso.sso.crypto.SecretInfo;
import org.entsso.sso.crypto.ValueBinding;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.testing.CapturedLog;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keyring distribution over real mutual TLS 1.3 on loopback, with certificates from a {@code ClusterCa}. */
class KeyringDistributionTest {
    private static final ValueBinding BINDING = ValueBinding.of("payroll", "CONTOSO\\alice", 1);

    private final TestPki pki = new TestPki();
    private final Keyring keyring = Keyring.generate();
    private final AtomicReference<Optional<ServedKeyring>> served =
            new AtomicReference<>(Optional.of(new ServedKeyring(keyring, 7)));
    private KeyringServer server;

    @AfterEach
    void closeAll() {
        if (server != null) {
            server.close();
        }
        keyring.close();
    }

    private URI startServer(TlsMaterial material) {
        server = new KeyringServer(new TlsSettings(TestPki.LOOPBACK, 0, material), served::get);
        server.start();
        return server.endpoint();
    }

    @Test
    void anSsoServerFetchesTheKeyringAndDecryptsWhatTheMssEncrypted() {
        URI endpoint = startServer(pki.mss());
        byte[] value = new ValueCipher(keyring).encrypt("s3cret".getBytes(StandardCharsets.UTF_8), BINDING);

        try (KeyringClient client = TestKeyringClients.of(pki.ssoServer("node2"));
                FetchedKeyring fetched = client.fetch(endpoint)) {
            assertThat(fetched.epoch()).isEqualTo(7);
            assertThat(fetched.source()).isEqualTo(endpoint);
            assertThat(fetched.keyring().secrets()).isEqualTo(keyring.secrets());
            assertThat(new String(new ValueCipher(fetched.keyring()).decrypt(value, BINDING), StandardCharsets.UTF_8))
                    .isEqualTo("s3cret");
        }
    }

    @Test
    void theResponseIsTheDocumentedJsonAndIsNeverCached() throws Exception {
        URI endpoint = startServer(pki.mss());

        HttpResponse<String> response = TestPki.get(pki.ssoServer("node2"), endpoint.resolve(KeyringServer.PATH));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(response.body())
                .contains(
                        "\"format\":1",
                        "\"epoch\":7",
                        "\"currentMsid\":\"" + keyring.current().msid() + "\"")
                .contains("\"created\":\"" + keyring.current().created() + "\"", "\"keyring\":\"");
    }

    @Test
    void adminClientAndMssOnlyCertificatesGet403WithAnEntssoErrorBody() throws Exception {
        URI endpoint = startServer(pki.mss());
        List<TlsMaterial> refused = List.of(
                pki.admin("CONTOSO\\ssoadmin"),
                pki.client("CONTOSO\\bob"),
                pki.node("node3", TestPki.LOOPBACK, NodeRole.MASTER_SECRET_SERVER));

        for (TlsMaterial caller : refused) {
            try (KeyringClient client = TestKeyringClients.of(caller)) {
                assertThatThrownBy(() -> client.fetch(endpoint))
                        .isInstanceOfSatisfying(
                                SsoException.class, e -> assertThat(e.code()).isEqualTo(11042))
                        .hasMessageContaining("sso-server");
            }
            HttpResponse<String> raw = TestPki.get(caller, endpoint.resolve(KeyringServer.PATH));
            assertThat(raw.statusCode()).isEqualTo(403);
            assertThat(raw.body())
                    .startsWith("{\"code\":11042,\"message\":\"Access denied.")
                    .doesNotContain("Exception", "\tat ", "keyring\"");
        }
    }

    @Test
    void whenTheSupplierHasNoKeyring_thenTheClientGets10783() throws Exception {
        URI endpoint = startServer(pki.mss());
        served.set(Optional.empty());

        try (KeyringClient client = TestKeyringClients.of(pki.ssoServer("node2"))) {
            assertThatThrownBy(() -> client.fetch(endpoint))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.SECRET_NOT_AVAILABLE))
                    .hasMessageStartingWith("[10783]");
        }
        HttpResponse<String> raw = TestPki.get(pki.ssoServer("node2"), endpoint.resolve(KeyringServer.PATH));
        assertThat(raw.statusCode()).isEqualTo(503);
        assertThat(raw.body()).startsWith("{\"code\":10783,");
    }

    @Test
    void afterRotation_theClientSeesBothMsidsAndStillDecryptsOldValues() {
        URI endpoint = startServer(pki.mss());
        byte[] oldValue = new ValueCipher(keyring).encrypt("before".getBytes(StandardCharsets.UTF_8), BINDING);

        try (KeyringClient client = TestKeyringClients.of(pki.ssoServer("node2"));
                Keyring rotated = keyring.rotate()) {
            try (FetchedKeyring first = client.fetch(endpoint)) {
                assertThat(first.keyring().secrets())
                        .extracting(SecretInfo::msid)
                        .containsExactly(keyring.current().msid());
            }
            served.set(Optional.of(new ServedKeyring(rotated, 8)));

            try (FetchedKeyring second = client.fetch(endpoint)) {
                assertThat(second.epoch()).isEqualTo(8);
                assertThat(second.keyring().secrets())
                        .extracting(SecretInfo::msid)
                        .containsExactly(
                                rotated.current().msid(), keyring.current().msid());
                assertThat(new ValueCipher(second.keyring()).decrypt(oldValue, BINDING))
                        .isEqualTo("before".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void anMssCertificateWithoutTheMasterSecretServerRoleIsRefusedByTheClient() {
        URI endpoint = startServer(pki.ssoServer("impostor"));

        try (KeyringClient client = TestKeyringClients.of(pki.ssoServer("node2"))) {
            assertThatThrownBy(() -> client.fetch(endpoint))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.code()).isEqualTo(10532))
                    .hasMessageContaining(endpoint.toString())
                    .hasMessageContaining("lacks the role master-secret-server");
        }
    }

    @Test
    void aServerCertificateForAnotherHostIsRefusedByHostnameVerification() {
        URI endpoint = startServer(
                pki.node("node1", "mss.elsewhere.invalid", NodeRole.MASTER_SECRET_SERVER, NodeRole.SSO_SERVER));

        try (KeyringClient client = TestKeyringClients.of(pki.ssoServer("node2"))) {
            assertThatThrownBy(() -> client.fetch(endpoint))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.code()).isEqualTo(10532))
                    .hasMessageContaining("refused the server's certificate")
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void whenTheServerIsStopped_thenTheClientReports10532NamingTheEndpoint() {
        URI endpoint = startServer(pki.mss());
        try (KeyringClient client = TestKeyringClients.of(pki.ssoServer("node2"))) {
            client.fetch(endpoint).close();
            server.close();

            assertThatThrownBy(() -> client.fetch(endpoint))
                    .isInstanceOfSatisfying(
                            SsoException.class,
                            e -> assertThat(e.error()).isEqualTo(SsoError.SECRET_SERVER_UNAVAILABLE))
                    .hasMessageStartingWith("[10532] Failed to retrieve master secrets.")
                    .hasMessageContaining("Secret Server Name: " + endpoint);
        }
    }

    @Test
    void noKeyBytesAppearInExceptionMessagesOrLogs() {
        List<String> keyTexts = keyTexts(keyring);
        StringBuilder messages = new StringBuilder();
        try (CapturedLog log = new CapturedLog("org.entsso.sso.transport")) {
            URI endpoint = startServer(pki.mss());
            try (KeyringClient good = TestKeyringClients.of(pki.ssoServer("node2"));
                    KeyringClient admin = TestKeyringClients.of(pki.admin("CONTOSO\\ssoadmin"))) {
                good.fetch(endpoint).close();
                messages.append(messageOf(() -> admin.fetch(endpoint)));
                served.set(Optional.empty());
                messages.append(messageOf(() -> good.fetch(endpoint)));
                server.close();
                messages.append(messageOf(() -> good.fetch(endpoint)));
            }
            String logged = log.text();
            assertThat(logged)
                    .contains(
                            "served keyring",
                            "fetched keyring",
                            "requests refused with 403, the route does not admit the caller");
            assertThat(messages.toString()).contains("[11042]", "[10783]", "[10532]");
            for (String key : keyTexts) {
                assertThat(logged).doesNotContainIgnoringCase(key);
                assertThat(messages.toString()).doesNotContainIgnoringCase(key);
            }
            assertThat(keyring + " " + pki.mss()).doesNotContain(keyTexts.toArray(new String[0]));
        }
    }

    private static String messageOf(Runnable call) {
        try {
            call.run();
            return "no failure";
        } catch (SsoException e) {
            StringBuilder all = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
            return all.toString();
        }
    }

    /** Each key as hex and base64, cut from the keyring's encoding (1 | count | (MSID 16 | created 8 | key 32)...). */
    private static List<String> keyTexts(Keyring keyring) {
        byte[] encoded = KeyringEncoding.encode(keyring);
        byte[] key = Arrays.copyOfRange(encoded, 2 + 16 + 8, 2 + 16 + 8 + 32);
        List<String> texts = List.of(
                HexFormat.of().formatHex(key),
                Base64.getEncoder().encodeToString(key).substring(0, 40),
                Base64.getEncoder().encodeToString(encoded).substring(0, 40));
        Arrays.fill(encoded, (byte) 0);
        Arrays.fill(key, (byte) 0);
        return texts;
    }
}
