package org.entsso.sso.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.ReencryptionCursor;
import org.entsso.sso.store.ReencryptionStatus;
import org.entsso.sso.store.StoreSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/sys/status} (the status document of docs/api.md) and {@code /v1/sys/health} (Vault-like codes). */
class SsoApiStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static ApiFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ApiFixture(dir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @AfterEach
    void resetNode() {
        fixture.node.active = false;
        fixture.node.reachable = true;
        fixture.node.keyrings = fixture.keyrings;
        fixture.node.lastError = Optional.empty();
    }

    private static JsonNode status() throws Exception {
        HttpResponse<String> response = fixture.as(ApiFixture.BOB).get("/v1/sys/status");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void whenStatusIsAsked_thenEveryMemberOfTheDocumentIsThere() throws Exception {
        fixture.clock.advance(Duration.ofSeconds(90));

        JsonNode status = status();

        assertThat(status.get("node").asText()).isEqualTo("node1");
        assertThat(status.get("roles").toString()).isEqualTo("[\"sso-server\",\"master-secret-server\"]");
        assertThat(status.get("role").asText()).isEqualTo("sso-server");
        assertThat(status.get("availability").asText()).isEqualTo("ONLINE");
        JsonNode mss = status.get("masterSecretServer");
        assertThat(mss.get("name").asText()).isEqualTo("ENTSSO");
        assertThat(mss.get("endpoint").asText()).isEqualTo("https://127.0.0.1:7443");
        assertThat(mss.get("epoch").asLong()).isEqualTo(ApiFixture.EPOCH);
        assertThat(mss.get("reachable").asBoolean()).isTrue();
        JsonNode keyring = status.get("keyring");
        assertThat(keyring.get("currentMsid").asText())
                .isEqualTo(fixture.writerKeyring.current().msid().toString());
        assertThat(keyring.get("previousMsid").isNull()).isTrue();
        assertThat(keyring.get("epoch").asLong()).isEqualTo(ApiFixture.EPOCH);
        assertThat(keyring.get("secretAgeSeconds").isNumber()).isTrue();
        assertThat(keyring.get("lastRefresh").asText()).isEqualTo("2026-11-27T11:59:00Z");
        assertThat(keyring.get("lastError").isNull()).isTrue();
        JsonNode reencryption = status.get("reencryption");
        assertThat(reencryption.get("state").asText()).isEqualTo("IDLE");
        assertThat(reencryption.get("sourceMsid").isNull()).isTrue();
        assertThat(reencryption.get("remaining").asLong()).isZero();
    }

    @Test
    void whenTheSecretWasNeverBackedUp_thenTheStatusWarns10589_andABackupClearsIt() throws Exception {
        JsonNode before = status().get("backupWarning");
        fixture.store.asMasterSecretServer(
                ApiFixture.EPOCH,
                Idempotency.IDEMPOTENT,
                (StoreSession s) ->
                        s.secrets().recordBackup(fixture.writerKeyring.current().msid(), Instant.now()));
        JsonNode after = status().get("backupWarning");

        assertThat(before.get("code").asInt()).isEqualTo(10589);
        assertThat(before.get("message").asText()).startsWith("The master secret has not been backed up.");
        assertThat(after.isNull()).isTrue();
    }

    @Test
    void whenReencryptionRuns_thenTheStatusShowsItsSourceAndTheRowsLeft() throws Exception {
        var msid = fixture.writerKeyring.current().msid();
        fixture.store.asMasterSecretServer(
                ApiFixture.EPOCH,
                Idempotency.IDEMPOTENT,
                (StoreSession s) ->
                        s.globalInfo().setReencryption(ReencryptionStatus.running(msid, ReencryptionCursor.start())));
        try {
            JsonNode reencryption = status().get("reencryption");

            assertThat(reencryption.get("state").asText()).isEqualTo("RUNNING");
            assertThat(reencryption.get("sourceMsid").asText()).isEqualTo(msid.toString());
            assertThat(reencryption.get("remaining").isNumber()).isTrue();
        } finally {
            fixture.store.asMasterSecretServer(
                    ApiFixture.EPOCH,
                    Idempotency.IDEMPOTENT,
                    (StoreSession s) -> s.globalInfo().setReencryption(ReencryptionStatus.idle()));
        }
    }

    @Test
    void nodesListsTheClustersSsoServers_forAnyCaller_andOnlyAnswersGet() throws Exception {
        fixture.node.ssoServers = List.of(
                new NodeStatusSource.SsoServer("node1", URI.create("https://10.0.0.1:8443")),
                new NodeStatusSource.SsoServer("node2", URI.create("https://10.0.0.2:8443")));

        HttpResponse<String> nodes = fixture.as(ApiFixture.BOB).get(SsoApi.NODES);

        assertThat(nodes.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(nodes.body()).toString())
                .isEqualTo("{\"nodes\":[{\"name\":\"node1\",\"endpoint\":\"https://10.0.0.1:8443\"},"
                        + "{\"name\":\"node2\",\"endpoint\":\"https://10.0.0.2:8443\"}]}");
        HttpResponse<String> post = fixture.as(ApiFixture.BOB).post(SsoApi.NODES, "{}");
        assertThat(post.statusCode()).isEqualTo(405);

        fixture.node.ssoServers = List.of();
        assertThat(fixture.as(ApiFixture.BOB).get(SsoApi.NODES).body()).isEqualTo("{\"nodes\":[]}");
    }

    @Test
    void whenTheNodeIsTheActiveMss_thenHealthIs200_andTheBodyIsTheStatusDocument() throws Exception {
        fixture.node.active = true;

        HttpResponse<String> health = fixture.as(ApiFixture.BOB).get("/v1/sys/health");

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.get("role").asText()).isEqualTo("master-secret-server");
        assertThat(body.has("keyring")).isTrue();
        assertThat(body.has("reencryption")).isTrue();
        // No database read on health: the age comes from the held keyring.
        assertThat(body.get("keyring").get("secretAgeSeconds").isNumber()).isTrue();
    }

    @Test
    void whenAnSsoServerHoldsTheSecret_thenHealthIs429WithAReachableMss_and474Without() throws Exception {
        assertThat(fixture.as(ApiFixture.BOB).get("/v1/sys/health").statusCode())
                .isEqualTo(429);

        fixture.node.reachable = false;
        fixture.node.lastError = Optional.of("connection refused");
        HttpResponse<String> cached = fixture.as(ApiFixture.BOB).get("/v1/sys/health");

        assertThat(cached.statusCode()).isEqualTo(474);
        assertThat(JSON.readTree(cached.body()).get("keyring").get("lastError").asText())
                .isEqualTo("connection refused");
    }

    @Test
    void whenTheNodeHasNoSecret_thenHealthIs503_andHeadAnswersTheCodeAlone() throws Exception {
        try (KeyringHolder empty = new KeyringHolder("ENTSSO", fixture.clock)) {
            fixture.node.keyrings = empty;

            HttpResponse<String> health = fixture.as(ApiFixture.BOB).get("/v1/sys/health");
            HttpResponse<String> head = fixture.as(ApiFixture.BOB).send("HEAD", "/v1/sys/health", null, Map.of());

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body())
                            .get("keyring")
                            .get("currentMsid")
                            .isNull())
                    .isTrue();
            assertThat(head.statusCode()).isEqualTo(503);
            assertThat(head.body()).isEmpty();
        }
    }
}
