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

/** Issue 12 item 2: batch create and delete of mappings, all or nothing, larger than a single request's 64 KiB. */
class BatchMappingsApiTest {
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

    private static void app(String name, String type) throws Exception {
        HttpResponse<String> created = send(ApiFixture.ADMIN, "POST", "/v1/applications", """
                {"name": "%s", "type": "%s", "userGroups": ["%s"], "adminGroups": ["%s"],
                 "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]}
                """.formatted(
                        name, type, esc(ApiFixture.USERS), esc(ApiFixture.ADMINS)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static String entry(String app, String account, String external) {
        return "{\"application\": \"" + app + "\", \"account\": \"" + esc(account) + "\""
                + (external == null ? "" : ", \"externalUser\": \"" + external + "\"") + "}";
    }

    private static String batch(List<String> entries) {
        return "{\"mappings\": [" + String.join(", ", entries) + "]}";
    }

    private static JsonNode mappings(String app) throws Exception {
        return JSON.readTree(send(ApiFixture.ADMIN, "GET", "/v1/mappings?application=" + app, null)
                        .body())
                .get("mappings");
    }

    @Test
    void aBatchIsAppliedWhole_orNotAtAll_namingTheEntryThatFailed() throws Exception {
        app("BatchA", "individual");
        app("BatchB", "individual");
        HttpResponse<String> refused = send(
                ApiFixture.APP_ADMIN,
                "POST",
                "/v1/mappings",
                batch(List.of(
                        entry("BatchA", ApiFixture.ALICE, "A1"),
                        entry("BatchB", ApiFixture.BOB, "B1"),
                        entry("BatchA", "CONTOSO\\carol", "C1"))));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).get("code").asInt()).isEqualTo(10853);
        assertThat(refused.body()).contains("Mapping 3 (BatchA, CONTOSO\\\\carol), nothing applied");
        assertThat(mappings("BatchA")).isEmpty();
        assertThat(mappings("BatchB")).isEmpty();

        HttpResponse<String> created = send(
                ApiFixture.APP_ADMIN,
                "POST",
                "/v1/mappings",
                batch(List.of(entry("BatchA", ApiFixture.ALICE, "A1"), entry("BatchB", ApiFixture.BOB, "B1"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("created").asInt()).isEqualTo(2);
        assertThat(mappings("BatchA")).hasSize(1);

        HttpResponse<String> byAUser = send(
                ApiFixture.ALICE,
                "POST",
                "/v1/mappings/delete",
                batch(List.of(entry("BatchA", ApiFixture.ALICE, null), entry("BatchB", ApiFixture.BOB, null))));
        assertThat(JSON.readTree(byAUser.body()).get("code").asInt()).isEqualTo(10558);
        assertThat(send(ApiFixture.ALICE, "POST", "/v1/applications/BatchA/mappings/CONTOSO%5Calice/enable", "")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> enabledOne = send(
                ApiFixture.APP_ADMIN,
                "POST",
                "/v1/mappings/delete",
                batch(List.of(entry("BatchB", ApiFixture.BOB, null), entry("BatchA", ApiFixture.ALICE, null))));
        assertThat(JSON.readTree(enabledOne.body()).get("code").asInt()).isEqualTo(15007);
        assertThat(mappings("BatchB")).as("nothing deleted").hasSize(1);
    }

    @Test
    void aBatchMayBeLargerThanASingleRequest_andBadBatchesAre400() throws Exception {
        app("HostBatch", "hostGroup");
        List<String> entries = new ArrayList<>();
        String padding = "x".repeat(200);
        for (int i = 0; i < 350; i++) {
            entries.add(entry("HostBatch", ApiFixture.ALICE, "ext-" + i + "-" + padding));
        }
        String body = batch(entries);
        assertThat(body.length()).isGreaterThan(64 * 1024);
        HttpResponse<String> created = send(ApiFixture.ADMIN, "POST", "/v1/mappings", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(mappings("HostBatch")).hasSize(350);
        HttpResponse<String> repeated = send(
                ApiFixture.ADMIN,
                "POST",
                "/v1/mappings",
                batch(List.of(
                        entry("HostBatch", ApiFixture.ALICE, "new-1"), entry("HostBatch", ApiFixture.ALICE, "new-1"))));
        assertThat(JSON.readTree(repeated.body()).get("code").asInt()).isEqualTo(10753);
        assertThat(repeated.body()).contains("Mapping 2 (HostBatch");
        HttpResponse<String> secondAccount = send(
                ApiFixture.ADMIN,
                "POST",
                "/v1/mappings",
                batch(List.of(
                        entry("HostBatch", ApiFixture.ALICE, "new-2"), entry("HostBatch", ApiFixture.BOB, "new-3"))));
        assertThat(JSON.readTree(secondAccount.body()).get("code").asInt()).isEqualTo(10846);
        assertThat(mappings("HostBatch")).hasSize(350);
        HttpResponse<String> deleted = send(ApiFixture.ADMIN, "POST", "/v1/mappings/delete", body);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(mappings("HostBatch")).isEmpty();

        for (String bad : new String[] {
            "{}",
            "{\"mappings\": []}",
            "{\"mappings\": [1]}",
            "{\"mappings\": [{\"application\": \"HostBatch\"}]}",
            "{\"mappings\": [{\"application\": \"HostBatch\", \"account\": \"nodomain\", \"externalUser\": \"e\"}]}",
            "{\"mappings\": [], \"extra\": 1}",
            "not json"
        }) {
            HttpResponse<String> answer = send(ApiFixture.ADMIN, "POST", "/v1/mappings", bad);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).get("code").asInt()).as(bad).isEqualTo(15000);
        }
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            tooMany.add("{\"application\":\"H\",\"account\":\"C\\\\\\\\u\",\"externalUser\":\"e" + i + "\"}");
        }
        assertThat(send(ApiFixture.ADMIN, "POST", "/v1/mappings", batch(tooMany))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void aRefusalFoundWhileInsertingNamesTheEntryInTheFileOrder_acrossApplications() throws Exception {
        app("OrderA", "individual");
        app("OrderB", "individual");
        HttpResponse<String> refused = send(
                ApiFixture.ADMIN,
                "POST",
                "/v1/mappings",
                batch(List.of(
                        entry("OrderA", ApiFixture.ALICE, "A1"),
                        entry("OrderB", ApiFixture.BOB, "B1"),
                        entry("OrderA", ApiFixture.BOB, "A1"))));
        assertThat(JSON.readTree(refused.body()).get("code").asInt()).isEqualTo(10753);
        assertThat(refused.body()).contains("Mapping 3 (OrderA, CONTOSO\\\\bob), nothing applied");
        assertThat(mappings("OrderA")).isEmpty();
        assertThat(mappings("OrderB")).isEmpty();
    }
}
