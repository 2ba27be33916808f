package org.entsso.sso.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entsso.sso.api.SsoApiRoundTripTest.esc;
import static org.entsso.sso.api.SsoApiRoundTripTest.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.entsso.sso.audit.SsoAudit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 8: the SSO AUDIT log records exactly what the global audit levels select (every lookup at positive
 * level 3, cache hits included; nothing at 0), with ENTSSO's fields and never a secret; fail-closed refuses an
 * operation whose record cannot be written (the log on {@code /dev/full}), fail-open goes on and counts; the database
 * audit tables are readable by SSO administrators only.
 */
class AuditApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static HttpResponse<String> send(ApiFixture fixture, String caller, String method, String path, String body)
            throws Exception {
        return fixture.as(caller).send(method, path, body, Map.of("Content-Type", "application/json"));
    }

    private static String app(ApiFixture fixture, String name) throws Exception {
        HttpResponse<String> created = send(fixture, ApiFixture.ADMIN, "POST", "/v1/applications", """
                {"name": "%s", "userGroups": ["%s"], "adminGroups": ["%s"],
                 "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]}
                """.formatted(
                        name, esc(ApiFixture.USERS), esc(ApiFixture.ADMINS)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(send(fixture, ApiFixture.ADMIN, "POST", "/v1/applications/" + name + "/enable", "")
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(fixture, ApiFixture.ALICE, "POST", "/v1/applications/" + name + "/mappings", """
                        {"account": "%s", "externalUser": "ALICE01"}""".formatted(
                                        esc(ApiFixture.ALICE)))
                        .statusCode())
                .isEqualTo(201);
        assertThat(send(
                                fixture,
                                ApiFixture.ALICE,
                                "PUT",
                                "/v1/applications/" + name + "/mappings/" + path(ApiFixture.ALICE) + "/credentials",
                                "{\"fields\": {\"1\": \"pw-audited\"}}")
                        .statusCode())
                .isEqualTo(204);
        return name;
    }

    private static void levels(ApiFixture fixture, int positive, int negative) throws Exception {
        HttpResponse<String> answer =
                send(fixture, ApiFixture.ADMIN, "PUT", "/v1/global", """
                {"auditPositiveLevel": %d, "auditNegativeLevel": %d}""".formatted(positive, negative));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static List<JsonNode> since(Path file, int from) throws IOException {
        List<JsonNode> all = records(file);
        return all.subList(from, all.size());
    }

    @Test
    void theLevelsSelectExactlyTheRecordsTheySay_andNoRecordCarriesASecret() throws Exception {
        Path file = dir.resolve("audit").resolve("sso-audit.log");
        try (SsoAudit audit = SsoAudit.toFile(file, false);
                ApiFixture fixture = new ApiFixture(dir.resolve("db"), audit)) {
            String app = app(fixture, "Audited1");
            String lookup = "/v1/applications/" + app + "/credentials";

            // Defaults 0 and 1: successes are not recorded, failures of Low functions are, lookups' are not.
            int start = records(file).size();
            assertThat(send(fixture, ApiFixture.ALICE, "GET", lookup, null).statusCode())
                    .isEqualTo(200);
            assertThat(send(fixture, ApiFixture.BOB, "GET", lookup, null).statusCode())
                    .isEqualTo(404);
            assertThat(send(fixture, ApiFixture.BOB, "DELETE", "/v1/applications/" + app, null)
                            .statusCode())
                    .isEqualTo(403);
            List<JsonNode> atDefaults = since(file, start);
            assertThat(atDefaults).hasSize(1);
            JsonNode denied = atDefaults.get(0);
            assertThat(denied.get("function").asText()).isEqualTo("DeleteApplication");
            assertThat(denied.get("eventId").asInt()).isEqualTo(10536);
            assertThat(denied.get("clientUser").asText()).isEqualTo(ApiFixture.BOB);
            assertThat(denied.get("clientComputer").asText()).isEqualTo("127.0.0.1");
            assertThat(denied.get("application").asText()).isEqualTo(app);
            assertThat(denied.get("errorCode").asInt()).isEqualTo(11042);
            assertThat(denied.get("trackingId").asText()).hasSize(36);

            // 3 and 3: every lookup, the second one a cache hit, and every failure.
            levels(fixture, 3, 3);
            start = records(file).size();
            send(fixture, ApiFixture.ALICE, "GET", lookup, null);
            send(fixture, ApiFixture.ALICE, "GET", lookup, null);
            send(fixture, ApiFixture.BOB, "GET", lookup, null);
            List<JsonNode> high = since(file, start);
            assertThat(high)
                    .extracting(r -> r.get("function").asText() + " "
                            + r.get("errorCode").asInt())
                    .containsExactly("GetCredentials 0", "GetCredentials 0", "GetCredentials 10757");
            assertThat(high.get(0).get("eventId").asInt()).isEqualTo(10535);

            // 0 and 0: nothing at all.
            levels(fixture, 0, 0);
            start = records(file).size();
            send(fixture, ApiFixture.ALICE, "GET", lookup, null);
            send(fixture, ApiFixture.BOB, "DELETE", "/v1/applications/" + app, null);
            assertThat(since(file, start)).isEmpty();

            assertThat(Files.readString(file)).doesNotContain("pw-audited", "ALICE01");
            assertThat(audit.failures()).isZero();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFailClosedAuditThatCannotWrite_refusesTheOperation_andAFailOpenOneGoesOn() throws Exception {
        Path full = dir.resolve("full.log");
        Files.createSymbolicLink(full, Path.of("/dev/full"));
        try (SsoAudit audit = SsoAudit.toFile(full, true);
                ApiFixture fixture = new ApiFixture(dir.resolve("closed"), audit)) {
            String app = app(fixture, "Closed1"); // levels 0/1: nothing recorded yet, so nothing refused
            // The change of levels commits, and its own record is due at the new levels: it cannot be written, so
            // its answer is withheld (documented: a committed change answered 10500).
            HttpResponse<String> raised = send(fixture, ApiFixture.ADMIN, "PUT", "/v1/global", """
                    {"auditPositiveLevel": 3, "auditNegativeLevel": 3}""");
            assertThat(JSON.readTree(raised.body()).get("code").asInt()).isEqualTo(10500);
            int positive =
                    fixture.store.read(s -> s.globalInfo().get().settings().auditPositiveLevel());
            assertThat(positive).isEqualTo(3);
            HttpResponse<String> lookup =
                    send(fixture, ApiFixture.ALICE, "GET", "/v1/applications/" + app + "/credentials", null);
            assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(503);
            assertThat(JSON.readTree(lookup.body()).get("code").asInt()).isEqualTo(10500);
            assertThat(lookup.body()).doesNotContain("pw-audited");

            HttpResponse<String> write = send(
                    fixture,
                    ApiFixture.ALICE,
                    "PUT",
                    "/v1/applications/" + app + "/mappings/" + path(ApiFixture.ALICE) + "/credentials",
                    "{\"fields\": {\"1\": \"pw-unaudited\"}}");
            assertThat(JSON.readTree(write.body()).get("code").asInt()).isEqualTo(10500);
            assertThat(audit.failures()).isPositive();
            assertThat(storedPassword(fixture, app))
                    .as("refused before it ran: within a second of a record that could not be written")
                    .isEqualTo("pw-audited");
        }
        try (SsoAudit audit = SsoAudit.toFile(full, false);
                ApiFixture fixture = new ApiFixture(dir.resolve("open"), audit)) {
            String app = app(fixture, "Open1");
            levels(fixture, 3, 3);
            HttpResponse<String> lookup =
                    send(fixture, ApiFixture.ALICE, "GET", "/v1/applications/" + app + "/credentials", null);
            assertThat(lookup.statusCode()).isEqualTo(200);
            assertThat(audit.failures()).isPositive();
        }
    }

    private static String storedPassword(ApiFixture fixture, String app) {
        return fixture.store.read(s -> {
            org.entsso.sso.store.AffiliateApplication a = s.applications().get(app);
            org.entsso.sso.store.Mapping m = s.mappings()
                    .find(app, org.entsso.sso.store.WindowsAccount.parse(ApiFixture.ALICE))
                    .orElseThrow();
            byte[] plain = fixture.keyrings.decrypt(
                    s.credentials().forMapping(m.id()).get(1).ciphertext(),
                    org.entsso.sso.server.ValueBindings.credential(a.id(), m.id(), 1));
            return new String(plain, StandardCharsets.UTF_8);
        });
    }

    @Test
    void theDatabaseAuditTablesAreForSsoAdministrators() throws Exception {
        try (ApiFixture fixture = new ApiFixture(dir.resolve("tables"))) {
            String app = app(fixture, "Tables1");
            send(fixture, ApiFixture.ALICE, "GET", "/v1/applications/" + app + "/credentials", null);
            assertThat(send(
                                    fixture,
                                    ApiFixture.ALICE,
                                    "POST",
                                    "/v1/applications/" + app + "/mappings/" + path(ApiFixture.ALICE) + "/disable",
                                    "")
                            .statusCode())
                    .isEqualTo(200);

            HttpResponse<String> lookups = send(fixture, ApiFixture.ADMIN, "GET", "/v1/audit/lookups?limit=5", null);
            assertThat(lookups.statusCode()).as(lookups.body()).isEqualTo(200);
            JsonNode row = JSON.readTree(lookups.body()).get("rows").get(0);
            assertThat(row.get("application").asText()).isEqualTo(app);
            assertThat(row.get("account").asText()).isEqualTo(ApiFixture.ALICE);
            assertThat(row.get("succeeded").asBoolean()).isTrue();
            assertThat(lookups.body()).doesNotContain("pw-audited");
            HttpResponse<String> mappings = send(fixture, ApiFixture.ADMIN, "GET", "/v1/audit/deleted-mappings", null);
            assertThat(JSON.readTree(mappings.body())
                            .get("rows")
                            .get(0)
                            .get("change")
                            .asText())
                    .isEqualTo("disabled");

            HttpResponse<String> byAUser = send(fixture, ApiFixture.APP_ADMIN, "GET", "/v1/audit/lookups", null);
            assertThat(byAUser.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(byAUser.body()).get("code").asInt()).isEqualTo(11042);
            for (String bad : new String[] {"lookups?kind=x", "lookups?limit=0", "deleted-mappings?since=yesterday"}) {
                HttpResponse<String> answer = send(fixture, ApiFixture.ADMIN, "GET", "/v1/audit/" + bad, null);
                assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            }
            assertThat(send(fixture, ApiFixture.ADMIN, "GET", "/v1/audit/nothing", null)
                            .statusCode())
                    .isEqualTo(404);
        }
    }
}
