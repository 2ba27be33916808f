package org.entsso.sso.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.testing.CapturedLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code /v1} API answers to failures and bad input: ENTSSO codes with the contract's HTTP statuses, 503 with
 * {@code Retry-After} for the retryable ones, and clean 4xx JSON errors (never a 500, never a stack trace) for
 * malformed JSON, missing fields, unknown paths, wrong methods, oversized bodies and bad percent-encoding.
 */
class SsoApiErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static ApiFixture fixture;
    private static String app;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ApiFixture(dir);
        app = "Errors";
        HttpResponse<String> created = fixture.as(ApiFixture.ADMIN).post("/v1/applications", """
                        {"name": "Errors", "userGroups": ["CONTOSO\\\\Payroll Users"],
                         "adminGroups": "CONTOSO\\\\Payroll Admins",
                         "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]}
                        """);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        fixture.as(ApiFixture.ADMIN).post("/v1/applications/Errors/enable", "");
        fixture.as(ApiFixture.ALICE)
                .post(
                        "/v1/applications/Errors/mappings",
                        "{\"account\": \"CONTOSO\\\\alice\", \"externalUser\": \"A\"}");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @AfterEach
    void writesSucceedAgain() {
        fixture.writes.succeed();
    }

    private static void assertError(HttpResponse<String> response, int status, int code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(code);
        assertThat(body.get("message").asText())
                .isNotBlank()
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    private static HttpResponse<String> putCredentials(String json, Map<String, String> headers) throws Exception {
        return fixture.as(ApiFixture.ALICE)
                .put("/v1/applications/Errors/mappings/CONTOSO%5Calice/credentials", json, headers);
    }

    @Test
    void whenNoMasterSecretServerIsOnline_thenWritesAnswer503WithRetryAfter_andTheJsonError() throws Exception {
        fixture.writes.fail(new SsoException(SsoError.SECRET_NOT_AVAILABLE, "No master secret server is online."));

        HttpResponse<String> response = putCredentials("{\"fields\": {\"1\": \"pw\"}}", Map.of());

        assertError(response, 503, 10783);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body())
                .contains("Cannot perform encryption or decryption")
                .doesNotContain("pw\"");
    }

    @Test
    void whenTheMasterSecretServerWasFenced_thenWritesAnswer503_10603() throws Exception {
        fixture.writes.fail(new SsoException(SsoError.FENCED, "epoch 6"));

        HttpResponse<String> response = putCredentials("{\"fields\": {\"1\": \"pw\"}}", Map.of());

        assertError(response, 503, 15004);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void whenAnIdempotencyKeyIsSent_thenTheWriteCarriesIt_andWithoutOneTheServerMakesOneUp() throws Exception {
        UUID key = UUID.randomUUID();

        HttpResponse<String> keyed =
                putCredentials("{\"fields\": {\"1\": \"pw\"}}", Map.of("Idempotency-Key", key.toString()));
        HttpResponse<String> unkeyed = putCredentials("{\"fields\": {\"1\": \"pw\"}}", Map.of());

        assertThat(keyed.statusCode()).isEqualTo(204);
        assertThat(keyed.headers().firstValue("X-Request-Id")).hasValue(key.toString());
        assertThat(unkeyed.statusCode()).isEqualTo(204);
        UUID madeUp =
                UUID.fromString(unkeyed.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(madeUp).isNotEqualTo(key);
        assertThat(fixture.writes.requestIds).contains(key, madeUp);
    }

    @Test
    void whenTheIdempotencyKeyIsNotAUuid_thenTheWriteIsRefusedWith400() throws Exception {
        int before = fixture.writes.requestIds.size();

        HttpResponse<String> response =
                putCredentials("{\"fields\": {\"1\": \"pw\"}}", Map.of("Idempotency-Key", "not-a-uuid"));

        assertError(response, 400, 15000);
        assertThat(response.body()).contains("Idempotency-Key");
        assertThat(fixture.writes.requestIds).hasSize(before);
    }

    @Test
    void whenTheBodyIsMalformedOrIncomplete_thenTheAnswerIs400_10500() throws Exception {
        assertError(putCredentials("{\"fields\": {\"1\": \"secret-value", Map.of()), 400, 15000);
        assertError(putCredentials("{\"fields\": {\"1\": \"a\", \"1\": \"b\"}}", Map.of()), 400, 15000);
        assertError(putCredentials("{\"fields\": {\"0\": \"a\"}}", Map.of()), 400, 15000);
        assertError(putCredentials("{\"fields\": {\"1\": 5}}", Map.of()), 400, 15000);
        assertError(putCredentials("{}", Map.of()), 400, 15000);
        assertError(putCredentials("[]", Map.of()), 400, 15000);
        assertError(putCredentials("", Map.of()), 400, 15000);
        assertError(fixture.as(ApiFixture.ADMIN).post("/v1/applications", "{\"name\": \"NoFields\"}"), 400, 15000);
        assertError(fixture.as(ApiFixture.ADMIN).post("/v1/applications", "{\"name\": 1} trailing"), 400, 15000);
        assertError(
                fixture.as(ApiFixture.ALICE)
                        .post("/v1/applications/Errors/mappings", "{\"account\": \"alice\", \"externalUser\": \"x\"}"),
                400,
                15000);
        HttpResponse<String> leaky = putCredentials("{\"fields\": {\"1\": \"secret-value", Map.of());
        assertThat(leaky.body()).doesNotContain("secret-value");
    }

    @Test
    void whenTheBodyIsLargerThan64KiB_thenTheAnswerIs413_10500() throws Exception {
        String big = "{\"fields\": {\"1\": \"" + "x".repeat(70 * 1024) + "\"}}";

        assertError(putCredentials(big, Map.of()), 413, 15000);
        String chunked = fixture.raw(
                ApiFixture.ALICE,
                "PUT /v1/applications/Errors/mappings/CONTOSO%5Calice/credentials HTTP/1.1\r\nTransfer-Encoding: chunked",
                chunked(big.getBytes(StandardCharsets.UTF_8)));
        assertThat(chunked).startsWith("HTTP/1.1 413").contains("\"code\":15000");
    }

    private static byte[] chunked(byte[] body) {
        String head = Integer.toHexString(body.length) + "\r\n";
        byte[] out = new byte[head.length() + body.length + 7];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, out, 0, head.length());
        System.arraycopy(body, 0, out, head.length(), body.length);
        System.arraycopy("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, out, head.length() + body.length, 7);
        return out;
    }

    @Test
    void whenThePathIsUnknown_thenTheAnswerIs404_15001() throws Exception {
        for (String path : new String[] {
            "/v1/applications/Errors/nothing",
            "/v1/applications/Errors/mappings/CONTOSO%5Calice/nothing",
            "/v1/applications/Errors/a/b/c/d/e",
            "/v1/applications/",
            "/v1/applicationsX",
            "/v1/config/Errors/a/b",
            "/v1/nothing"
        }) {
            HttpResponse<String> response = fixture.as(ApiFixture.ADMIN).get(path);
            assertError(response, 404, 15001);
        }
        assertError(fixture.as(ApiFixture.ADMIN).get("/v1/applications/Unknown"), 404, 10756);
    }

    @Test
    void whenTheMethodIsWrong_thenTheAnswerIs405WithAllow() throws Exception {
        HttpResponse<String> getCreate = fixture.as(ApiFixture.ADMIN).send("PUT", "/v1/applications", "{}", Map.of());
        HttpResponse<String> postApp = fixture.as(ApiFixture.ADMIN).post("/v1/applications/Errors", "{}");
        HttpResponse<String> deleteConfig =
                fixture.as(ApiFixture.ADMIN).send("PATCH", "/v1/config/Errors/x", "{}", Map.of());
        HttpResponse<String> postHealth = fixture.as(ApiFixture.ADMIN).post("/v1/sys/health", "");

        assertError(getCreate, 405, 15000);
        assertThat(getCreate.headers().firstValue("Allow")).hasValue("GET, POST, PATCH");
        assertThat(postApp.headers().firstValue("Allow")).hasValue("GET, PATCH, DELETE");
        assertThat(deleteConfig.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");
        assertThat(postHealth.statusCode()).isEqualTo(405);
        assertThat(postHealth.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void whenAnEscapeDecodesToInvalidUtf8_thenTheAnswerIs400_15000() throws Exception {
        String path = fixture.raw(ApiFixture.ALICE, "GET /v1/applications/%C3%28 HTTP/1.1", new byte[0]);
        String query = fixture.raw(
                ApiFixture.ALICE, "GET /v1/applications/Errors/credentials?account=CONTOSO%FF HTTP/1.1", new byte[0]);

        for (String response : new String[] {path, query}) {
            assertThat(response)
                    .startsWith("HTTP/1.1 400")
                    .contains("\"code\":15000")
                    .contains("percent-encoding");
        }
    }

    @Test
    void whenAnEscapeIsMalformed_thenTheJdkServerAnswers400BeforeAnyHandler_withoutAStackTrace() throws Exception {
        // Not RFC 3986: the JDK's server refuses the request line itself (text/html), so no JSON is possible here.
        String badEscape = fixture.raw(ApiFixture.ALICE, "GET /v1/applications/Err%ZZors HTTP/1.1", new byte[0]);
        String truncated = fixture.raw(
                ApiFixture.ALICE, "GET /v1/applications/Errors/credentials?account=CONTOSO%5 HTTP/1.1", new byte[0]);

        for (String response : new String[] {badEscape, truncated}) {
            assertThat(response)
                    .startsWith("HTTP/1.1 400")
                    .doesNotContain("\tat ")
                    .doesNotContain("Errors");
        }
    }

    @Test
    void whenACallerWhoIsNoAdministratorCreatesAnApplication_thenTheAnswerIs403_11042() throws Exception {
        HttpResponse<String> response = fixture.as(ApiFixture.ALICE).post("/v1/applications", """
                        {"name": "Mine", "userGroups": ["U"], "adminGroups": ["A"], "fields": [{"name": "User Id"}]}
                        """);

        assertError(response, 403, 11042);
        assertError(fixture.as(ApiFixture.ALICE).post("/v1/applications/Errors/disable", ""), 403, 11042);
    }

    @Test
    void whenAnApplicationExists_thenCreatingItAgainIs409_10752() throws Exception {
        HttpResponse<String> response = fixture.as(ApiFixture.ADMIN).post("/v1/applications", """
                        {"name": "ERRORS", "userGroups": ["U"], "adminGroups": ["A"], "fields": [{"name": "User Id"}]}
                        """);

        assertError(response, 409, 10752);
    }

    @Test
    void whenSecretsFlowThroughTheApi_thenTheLogCarriesPrincipalMethodPathStatusAndRequestIdOnly() throws Exception {
        String secret = "Zebra-Secret-42";
        UUID key = UUID.randomUUID();
        try (CapturedLog log = new CapturedLog("org.entsso.sso")) {
            putCredentials("{\"fields\": {\"1\": \"" + secret + "\"}}", Map.of("Idempotency-Key", key.toString()));
            fixture.as(ApiFixture.ALICE).get("/v1/applications/Errors/credentials");
            putCredentials("{\"fields\": {\"1\": \"" + secret, Map.of());
            fixture.writes.fail(new SsoException(SsoError.SECRET_NOT_AVAILABLE, "No master secret server is online."));
            putCredentials("{\"fields\": {\"1\": \"" + secret + "\"}}", Map.of());

            assertThat(log.text())
                    .contains("CONTOSO\\alice PUT /v1/applications/Errors/mappings/CONTOSO%5Calice/credentials -> 204 ("
                            + key + ")")
                    .contains("CONTOSO\\alice GET /v1/applications/Errors/credentials -> 200")
                    .contains("-> 400")
                    .contains("-> 503")
                    .doesNotContain(secret);
        }
    }
}
