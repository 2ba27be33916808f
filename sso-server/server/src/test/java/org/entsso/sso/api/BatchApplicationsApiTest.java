package org.entsso.sso.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entsso.sso.api.SsoApiRoundTripTest.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: {@code POST /v1/applications {"applications": [...]}} and {@code PATCH /v1/applications}, all or none
 * (ssomanage -createapps / -updateapps), create with {@code flagMask} and {@code enable}, and {@code .../purge}.
 */
class BatchApplicationsApiTest {
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

    private static HttpResponse<String> send(String caller, String method, String path, String body) throws Exception {
        return fixture.as(caller).send(method, path, body, Map.of("Content-Type", "application/json"));
    }

    private static String app(String name, String extra) {
        return """
                {"name": "%s", "userGroups": ["%s"], "adminGroups": ["%s"]%s,
                 "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]}
                """.formatted(name, esc(ApiFixture.USERS), esc(ApiFixture.ADMINS), extra);
    }

    private static int status(String name) throws Exception {
        return send(ApiFixture.ADMIN, "GET", "/v1/applications/" + name, null).statusCode();
    }

    private static JsonNode get(String name) throws Exception {
        return JSON.readTree(
                send(ApiFixture.ADMIN, "GET", "/v1/applications/" + name, null).body());
    }

    @Test
    void aCreateBatchIsAppliedWhole_orNotAtAll_namingTheApplicationThatFailed() throws Exception {
        assertThat(send(ApiFixture.ADMIN, "POST", "/v1/applications", app("Taken", ""))
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> refused = send(
                ApiFixture.ADMIN,
                "POST",
                "/v1/applications",
                "{\"applications\": [" + app("First", "") + ", " + app("Second", "") + ", " + app("taken", "") + "]}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("Application 3 (taken), nothing applied");
        assertThat(status("First")).isEqualTo(404);
        assertThat(status("Second")).isEqualTo(404);

        HttpResponse<String> twice = send(
                ApiFixture.ADMIN,
                "POST",
                "/v1/applications",
                "{\"applications\": [" + app("Same", "") + ", " + app("SAME", "") + "]}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("Application 2 (SAME)").contains("application 1");

        HttpResponse<String> created = send(
                ApiFixture.ADMIN,
                "POST",
                "/v1/applications",
                "{\"applications\": [" + app("First", ", \"enable\": true") + ", "
                        + app("Second", ", \"flags\": 8, \"flagMask\": 12") + "]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("created").asInt()).isEqualTo(2);
        assertThat(get("First").get("enabled").asBoolean()).isTrue();
        JsonNode second = get("Second");
        assertThat(second.get("enabled").asBoolean()).isFalse();
        // The type's defaults (windowsInitiated | validateTickets | timeoutTickets) with 0x4 cleared and 0x8 set.
        assertThat(second.get("flags").asInt()).isEqualTo(0x8 | 0x40 | 0x200000);
    }

    @Test
    void aCreateBatchByAnApplicationAdministratorIsRefused_11042() throws Exception {
        HttpResponse<String> refused = send(
                ApiFixture.APP_ADMIN, "POST", "/v1/applications", "{\"applications\": [" + app("NotMine", "") + "]}");
        assertThat(JSON.readTree(refused.body()).get("code").asInt()).isEqualTo(11042);
        assertThat(status("NotMine")).isEqualTo(404);
    }

    @Test
    void anUpdateBatchIsAppliedWhole_orNotAtAll_andImmutableFlagsWithTheirValuesChangeNothing() throws Exception {
        for (String name : List.of("UpA", "UpB")) {
            assertThat(send(ApiFixture.ADMIN, "POST", "/v1/applications", app(name, ""))
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> refused = send(
                ApiFixture.ADMIN,
                "PATCH",
                "/v1/applications",
                "{\"applications\": [{\"name\": \"UpA\", \"description\": \"changed\"},"
                        + " {\"name\": \"UpB\", \"flags\": 65536, \"flagMask\": 65536}]}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("Application 2 (UpB), nothing applied")
                .contains("cannot change");
        assertThat(get("UpA").get("description").isNull()).isTrue();

        HttpResponse<String> updated = send(
                ApiFixture.ADMIN,
                "PATCH",
                "/v1/applications",
                "{\"applications\": [{\"name\": \"upa\", \"description\": \"changed\", \"flags\": 2, \"flagMask\": 2},"
                        + " {\"name\": \"UpB\", \"contact\": \"ops@contoso.com\", \"flags\": 0, \"flagMask\": "
                        + (0x10000 | 0x100000 | 0x80000) + "}]}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(JSON.readTree(updated.body()).get("updated").asInt()).isEqualTo(2);
        assertThat(get("UpA").get("description").asText()).isEqualTo("changed");
        assertThat(get("UpA").get("enabled").asBoolean()).isTrue();
        assertThat(get("UpB").get("contact").asText()).isEqualTo("ops@contoso.com");
    }

    @Test
    void aBatchLargerThanASingleRequestsLimitGoesInOneRequest() throws Exception {
        List<String> apps = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            apps.add(app("Bulk" + i, ", \"description\": \"" + "d".repeat(100) + "\""));
        }
        String body = "{\"applications\": [" + String.join(", ", apps) + "]}";
        assertThat(body.length()).isGreaterThan(64 * 1024);
        HttpResponse<String> created = send(ApiFixture.ADMIN, "POST", "/v1/applications", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(status("Bulk299")).isEqualTo(200);
    }

    @Test
    void purgeIsForAdministrators() throws Exception {
        assertThat(send(ApiFixture.ADMIN, "POST", "/v1/applications", app("Purged", ""))
                        .statusCode())
                .isEqualTo(201);
        assertThat(send(ApiFixture.APP_ADMIN, "POST", "/v1/applications/Purged/purge", "")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> byAUser = send(ApiFixture.ALICE, "POST", "/v1/applications/Purged/purge", "");
        assertThat(JSON.readTree(byAUser.body()).get("code").asInt()).isEqualTo(11042);
        assertThat(send(ApiFixture.ADMIN, "POST", "/v1/applications/Nope/purge", "")
                        .statusCode())
                .isEqualTo(404);
    }
}
