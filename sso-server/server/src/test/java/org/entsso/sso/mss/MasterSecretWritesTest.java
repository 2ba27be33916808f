package org.entsso.sso.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.ConfigBags;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.Credentials;
import org.entsso.sso.server.LookupOption;
import org.entsso.sso.server.SecretBytes;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.DatabaseTimeouts;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.FetchedKeyring;
import org.entsso.sso.transport.KeyringClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypting writes forwarded by an SSO server (node3) through {@link MasterSecretClient} to the master secret server
 * on node1, on a real ensemble with a shared H2 database, read back through the lookup path. One cluster for the
 * class; every test uses its own application.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("zookeeper")
class MasterSecretWritesTest {
    private static final WindowsAccount ALICE = new WindowsAccount("CORP", "alice");

    private MssCluster sso;
    private MasterSecretClient client;
    private CredentialLookupService lookups;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        // Long lock and query timeouts: writes that wait on a row a test holds keep waiting until it lets go.
        sso = new MssCluster(
                dir, new DatabaseTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(90)));
        sso.awaitMss("node1");
        client = sso.writesClient();
        lookups = sso.lookups();
    }

    @AfterAll
    void stop() {
        if (sso != null) {
            sso.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static SortedMap<Integer, byte[]> fields(String... values) {
        SortedMap<Integer, byte[]> fields = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            fields.put(i + 1, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return fields;
    }

    private String field(String application, int ordinal) {
        Credentials credentials = lookups.getCredentials(ALICE, application, EnumSet.of(LookupOption.REFRESH));
        return credentials.field(ordinal).asString();
    }

    private static void assertRefused(ThrowingCallable call, SsoError error) {
        assertThatThrownBy(call)
                .isInstanceOf(SsoException.class)
                .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(error))
                .satisfies(e -> assertThat(e.getMessage()).startsWith("[" + error.code() + "] "));
    }

    @Test
    void whenAnSsoServerForwardsCredentials_thenTheyAreStoredEncryptedEnableTheMappingAndDecryptOnLookup() {
        AffiliateApplication app = sso.app(unique("Payroll"));
        Mapping mapping = sso.map(app, ALICE, "alice-ext");

        Optional<PurgeStep> step =
                client.setCredentials(ALICE.toString(), UUID.randomUUID(), app.name(), ALICE, fields("pw-1", "pin-1"));

        SortedMap<Integer, EncryptedValue> stored =
                sso.observer.read((StoreSession s) -> s.credentials().forMapping(mapping.id()));
        assertThat(stored).containsOnlyKeys(1, 2);
        assertThat(stored.get(1).msid()).isEqualTo(sso.initial.current().msid());
        assertThat(new String(stored.get(1).ciphertext(), StandardCharsets.ISO_8859_1))
                .doesNotContain("pw-1");
        assertThat(sso.observer.read((StoreSession s) -> s.mappings().find(app.name(), ALICE)))
                .hasValueSatisfying(m -> assertThat(m.enabled()).isTrue());
        UUID purgeId = sso.observer.read(
                (StoreSession s) -> s.applications().get(app.name()).purgeId());
        assertThat(purgeId).isNotEqualTo(app.purgeId());
        assertThat(step)
                .as("the purge-id step, relayed in the Purge-Step header for the purge signal")
                .contains(new PurgeStep(app.purgeId(), purgeId));
        Credentials credentials = lookups.getCredentials(ALICE, app.name(), EnumSet.noneOf(LookupOption.class));
        assertThat(credentials.externalUser()).isEqualTo("alice-ext");
        assertThat(credentials.field(1).asString()).isEqualTo("pw-1");
        assertThat(credentials.field(2).asString()).isEqualTo("pin-1");
    }

    @Test
    void whenARequestIdIsReplayedAfterALaterWrite_thenTheLaterWriteStays() {
        AffiliateApplication app = sso.app(unique("Replay"));
        sso.map(app, ALICE, "alice-ext");
        UUID first = UUID.randomUUID();

        client.setCredentials(ALICE.toString(), first, app.name(), ALICE, fields("pw-A"));
        client.setCredentials(ALICE.toString(), UUID.randomUUID(), app.name(), ALICE, fields("pw-B"));
        assertThat(client.setCredentials(ALICE.toString(), first, app.name(), ALICE, fields("pw-A")))
                .as("the client's retry: a replay commits no step")
                .isEmpty();

        assertThat(field(app.name(), 1)).isEqualTo("pw-B");
        assertThat(sso.observer.read((StoreSession s) -> s.writeRequests().isRecorded(first)))
                .isTrue();
    }

    @Test
    void whenTheCallerNeitherOwnsTheMappingNorAdministersTheApplication_thenItIsDenied_andAnAdministratorMaySet() {
        AffiliateApplication app = sso.app(unique("Rights"));
        sso.map(app, ALICE, "alice-ext");
        sso.addToGroup("CORP\\carol", MssCluster.APP_ADMINS);
        UUID refused = UUID.randomUUID();

        assertRefused(
                () -> client.setCredentials("CORP\\bob", refused, app.name(), ALICE, fields("pw-bob")),
                SsoError.ACCESS_DENIED);
        assertThat(sso.observer.read((StoreSession s) -> s.writeRequests().isRecorded(refused)))
                .as("a refused write records no request id, so a retry meets the same refusal")
                .isFalse();
        client.setCredentials("corp\\CAROL", UUID.randomUUID(), app.name(), ALICE, fields("pw-carol"));
        assertThat(field(app.name(), 1)).isEqualTo("pw-carol");
        client.setCredentials("corp\\ALICE", UUID.randomUUID(), app.name(), ALICE, fields("pw-own"));
        assertThat(field(app.name(), 1)).isEqualTo("pw-own");
    }

    @Test
    void whenTheApplicationMappingOrFieldDoesNotExist_thenTheWriteIsRefusedWithEntssoCodes() {
        AffiliateApplication app = sso.app(unique("Codes"));
        sso.map(app, ALICE, "alice-ext");
        WindowsAccount dave = new WindowsAccount("CORP", "dave");

        assertRefused(
                () -> client.setCredentials(ALICE.toString(), UUID.randomUUID(), "NoSuchApp", ALICE, fields("x")),
                SsoError.APPLICATION_NOT_FOUND);
        assertRefused(
                () -> client.setCredentials(dave.toString(), UUID.randomUUID(), app.name(), dave, fields("x")),
                SsoError.NO_MAPPING);
        for (int ordinal : new int[] {0, 3}) {
            SortedMap<Integer, byte[]> bad = new TreeMap<>(Map.of(ordinal, new byte[] {1}));
            assertRefused(
                    () -> client.setCredentials(ALICE.toString(), UUID.randomUUID(), app.name(), ALICE, bad),
                    SsoError.INVALID_ARGUMENT);
        }
        assertThat(sso.observer.read((StoreSession s) -> s.mappings().find(app.name(), ALICE)))
                .hasValueSatisfying(m -> assertThat(m.enabled()).isFalse());
    }

    @Test
    void whenAnAdministratorSetsConfigInfo_thenItsUsersReadTheSamePropertyBag_andOthersCannotSetIt() {
        AffiliateApplication app = sso.configStoreApp(unique("Config"), "endpoint", "password");
        sso.addToGroup("CORP\\carol", MssCluster.APP_ADMINS);
        sso.addToGroup("CORP\\host", MssCluster.APP_USERS);
        Map<String, String> bag = Map.of("endpoint", "https://erp.example.org", "password", "pw-config");

        client.setConfigInfo("CORP\\carol", UUID.randomUUID(), app.name(), "receive-location-1", bag);

        SecretBytes read = lookups.getConfigInfo("CORP\\host", app.name(), "receive-location-1");
        assertThat(ConfigBags.decode(read.bytes())).isEqualTo(bag);
        assertThat(read.asString()).isEqualTo("{\"endpoint\":\"https://erp.example.org\",\"password\":\"pw-config\"}");
        assertRefused(
                () -> client.setConfigInfo("CORP\\host", UUID.randomUUID(), app.name(), "receive-location-1", bag),
                SsoError.ACCESS_DENIED);
        assertRefused(
                () -> client.setConfigInfo("CORP\\carol", UUID.randomUUID(), "NoSuchApp", "item", bag),
                SsoError.APPLICATION_NOT_FOUND);
    }

    @Test
    void whenACertificateWithoutTheSsoServerRoleCallsTheWriteEndpoints_thenItGets403And11042() throws Exception {
        AffiliateApplication app = sso.app(unique("Certs"));
        sso.map(app, ALICE, "alice-ext");
        URI endpoint = sso.endpoint().get().orElseThrow();
        String body = "{\"caller\":\"CORP\\\\alice\",\"requestId\":\"" + UUID.randomUUID() + "\",\"application\":\""
                + app.name() + "\",\"account\":\"CORP\\\\alice\",\"fields\":{\"1\":\"cHctZXZpbA==\"}}";

        for (TlsMaterial stranger : new TlsMaterial[] {
            sso.pki.client("CORP\\alice"),
            sso.pki.admin("CORP\\admin"),
            sso.pki.node("node9", TestPki.LOOPBACK, NodeRole.MASTER_SECRET_SERVER)
        }) {
            HttpResponse<String> answer = post(stranger, endpoint.resolve(WriteEndpoints.CREDENTIALS_PATH), body);
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.body()).contains("\"code\":11042");
            assertRefused(
                    () -> sso.writesClient(stranger)
                            .setCredentials(ALICE.toString(), UUID.randomUUID(), app.name(), ALICE, fields("x")),
                    SsoError.ACCESS_DENIED);
        }
        HttpResponse<String> accepted = post(sso.ssoServerTls, endpoint.resolve(WriteEndpoints.CREDENTIALS_PATH), body);
        assertThat(accepted.statusCode()).isEqualTo(204);
        assertThat(post(sso.ssoServerTls, endpoint.resolve(WriteEndpoints.CREDENTIALS_PATH), body)
                        .headers()
                        .firstValue("Idempotent-Replay"))
                .contains("true");
        assertThat(field(app.name(), 1)).isEqualTo("pw-evil");
    }

    @Test
    void whenEveryWriteThreadWaitsOnALockedDatabaseRow_thenAnSsoServerStillGetsTheKeyring() throws Exception {
        URI endpoint = sso.endpoint().get().orElseThrow();
        int writes = WriteEndpoints.POOL.threads() + 8;
        // One application per write: writes to one application queue on its row (each changes its purge id) and
        // one mapping's on its credential rows, behind the one write that waits for ours.
        List<String> apps = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            AffiliateApplication app = sso.app(unique("Locked"));
            sso.map(app, ALICE, "alice-ext");
            apps.add(app.name());
        }
        ExecutorService writers = Executors.newFixedThreadPool(writes);
        AtomicInteger answered = new AtomicInteger();
        try (Connection holder = sso.jdbc();
                KeyringClient keyrings = new KeyringClient(sso.ssoServerTls)) {
            holder.setAutoCommit(false);
            long holderId;
            try (Statement st = holder.createStatement()) {
                // Every fenced write ends by locking this row (TransactionRunner.checkEpoch): they all wait on us.
                st.executeQuery("SELECT * FROM global_info FOR UPDATE").close();
                ResultSet id = st.executeQuery("SELECT SESSION_ID()");
                id.next();
                holderId = id.getLong(1);
            }
            for (int i = 0; i < writes; i++) {
                String body = "{\"caller\":\"CORP\\\\alice\",\"requestId\":\"" + UUID.randomUUID()
                        + "\",\"application\":\"" + apps.get(i)
                        + "\",\"account\":\"CORP\\\\alice\",\"fields\":{\"1\":\"cHctbG9ja2Vk\"}}";
                writers.execute(() -> {
                    try {
                        post(
                                sso.ssoServerTls,
                                endpoint.resolve(WriteEndpoints.CREDENTIALS_PATH),
                                body,
                                Duration.ofSeconds(90));
                    } catch (IOException e) {
                        // the outcome of the blocked writes is not what this test is about
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        answered.incrementAndGet();
                    }
                });
            }
            // The MSS's store has 10 connections (StoreConfig's default): once most of them are in writes waiting
            // for the row, the other write threads wait for a connection, and more writes are outstanding than the
            // write pool has threads.
            Awaitility.await().atMost(TestPki.DEADLINE).until(() -> blockedBy(holder, holderId) >= 8);

            try (FetchedKeyring fetched = keyrings.fetch(endpoint)) {
                assertThat(fetched.keyring().current().msid())
                        .isEqualTo(sso.initial.current().msid());
            }
            assertThat(answered)
                    .as("no write had finished when the keyring came")
                    .hasValue(0);
            assertThat(blockedBy(holder, holderId)).isPositive();
            holder.rollback();
        } finally {
            writers.shutdown();
            assertThat(writers.awaitTermination(TestPki.DEADLINE.toMillis() * 3, TimeUnit.MILLISECONDS))
                    .isTrue();
        }
    }

    /** How many database sessions wait for a lock that session {@code holderId} holds. */
    private static long blockedBy(Connection connection, long holderId) throws SQLException {
        try (PreparedStatement st =
                connection.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = ?")) {
            st.setLong(1, holderId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void whenTheBodyIsMalformed_thenTheAnswerIs400With10500() throws Exception {
        URI endpoint = sso.endpoint().get().orElseThrow().resolve(WriteEndpoints.CREDENTIALS_PATH);

        for (String body : new String[] {
            "not json", "{\"caller\":\"CORP\\\\alice\"}", "{\"caller\":\"x\",\"requestId\":\"not-a-uuid\"}",
        }) {
            HttpResponse<String> answer = post(sso.ssoServerTls, endpoint, body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.body()).as(body).contains("\"code\":15000");
        }
    }

    private static HttpResponse<String> post(TlsMaterial material, URI uri, String body)
            throws IOException, InterruptedException {
        return post(material, uri, body, TestPki.DEADLINE);
    }

    private static HttpResponse<String> post(TlsMaterial material, URI uri, String body, Duration timeout)
            throws IOException, InterruptedException {
        SSLParameters tls = new SSLParameters();
        tls.setProtocols(new String[] {"TLSv1.3"});
        HttpClient http = HttpClient.newBuilder()
                .sslContext(material.clientContext(NodeRole.MASTER_SECRET_SERVER))
                .sslParameters(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(null))
                .connectTimeout(TestPki.DEADLINE)
                .build();
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
