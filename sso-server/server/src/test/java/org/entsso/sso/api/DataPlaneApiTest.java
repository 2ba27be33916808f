package org.entsso.sso.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 over mutual TLS against a real H2 store: application types and flags (create, update with flags + flagMask,
 * list, delete), mapping listing and deletion with ENTSSO's rules, the global settings with the system-wide switch,
 * and group membership, each with the exact ENTSSO (or our) id of its refusal.
 */
class DataPlaneApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NAMES = new AtomicInteger();

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

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, int code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("code").asInt()).as(response.body()).isEqualTo(code);
    }

    private static String esc(String account) {
        return account.replace("\\", "\\\\");
    }

    private static String path(String account) {
        return account.replace("\\", "%5C").replace(" ", "%20");
    }

    private static HttpResponse<String> send(String caller, String method, String path, String body) throws Exception {
        return fixture.as(caller).send(method, path, body, Map.of());
    }

    private static String create(String type, String extra) throws Exception {
        String name = "Dp" + type + NAMES.incrementAndGet();
        HttpResponse<String> created = send(ApiFixture.ADMIN, "POST", "/v1/applications", """
                {"name": "%s", "type": "%s", "userGroups": ["%s"], "adminGroups": ["%s"],
                 "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]%s}
                """.formatted(
                        name, type, esc(ApiFixture.USERS), esc(ApiFixture.ADMINS), extra));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    @Test
    void applicationsCarryTheirTypeAndEntssoFlags() throws Exception {
        String group = create("group", "");
        JsonNode app = json(send(ApiFixture.ALICE, "GET", "/v1/applications/" + group, null));
        assertThat(app.get("type").asText()).isEqualTo("group");
        assertThat(app.get("flags").asInt()).isEqualTo(0x4 | 0x40 | 0x200000 | 0x10000);
        assertThat(app.get("flagNames").toString()).contains("groupApp", "windowsInitiated");
        assertThat(app.get("enabled").asBoolean()).isFalse();

        String configStore = create("configStore", "");
        assertThat(json(send(ApiFixture.ADMIN, "GET", "/v1/applications/" + configStore, null))
                        .get("flags")
                        .asInt())
                .isEqualTo(0x100000);
    }

    @Test
    void createRefusesWhatEntssoRefuses() throws Exception {
        String body = """
                {"name": "Bad%d", "userGroups": ["U"], "adminGroups": ["A"], "fields": [{"name": "User Id"}]%s}""";
        assertError(
                send(ApiFixture.ADMIN, "POST", "/v1/applications", body.formatted(1, ", \"enabled\": true")),
                400,
                10850);
        assertError(
                send(ApiFixture.ADMIN, "POST", "/v1/applications", body.formatted(2, ", \"flags\": 6")), 400, 10850);
        assertError(
                send(ApiFixture.ADMIN, "POST", "/v1/applications", body.formatted(3, ", \"colour\": 1")), 400, 15000);
        assertError(
                send(
                        ApiFixture.ADMIN,
                        "POST",
                        "/v1/applications",
                        body.formatted(4, ", \"type\": \"hostGroup\", \"flags\": 4")),
                400,
                15000);
        assertError(
                send(ApiFixture.ADMIN, "POST", "/v1/applications", body.formatted(5, ", \"type\": \"weird\"")),
                400,
                15000);
        assertError(send(ApiFixture.ADMIN, "POST", "/v1/applications", """
                        {"name": "Bad6", "userGroups": ["U"], "adminGroups": ["A"],
                         "fields": [{"name": "User Id", "masked": true}]}"""), 400, 15000);
        assertError(send(ApiFixture.ADMIN, "POST", "/v1/applications", """
                        {"name": "Bad7", "userGroups": ["U"], "adminGroups": ["A"], "fields": [{"name": "User Id"},
                         {"name": "A", "sync": true}, {"name": "B", "sync": true}]}"""), 400, 15000);
        // Ticket flags are the SSO administrators' (the application's administrators and users cannot create at all).
        assertError(send(ApiFixture.APP_ADMIN, "POST", "/v1/applications", body.formatted(8, "")), 403, 11042);
    }

    @Test
    void updateChangesTheMaskedFlagsUnderEntssoRules() throws Exception {
        String app = create("individual", "");
        HttpResponse<String> cacheOff =
                send(ApiFixture.APP_ADMIN, "PATCH", "/v1/applications/" + app, """
                {"flags": %d, "flagMask": %d, "description": "now uncached"}""".formatted(0x40000000, 0x40000000));
        assertThat(cacheOff.statusCode()).as(cacheOff.body()).isEqualTo(200);
        assertThat(json(cacheOff).get("flagNames").toString()).contains("disableCredCache");
        assertThat(json(cacheOff).get("description").asText()).isEqualTo("now uncached");

        assertError(
                send(ApiFixture.APP_ADMIN, "PATCH", "/v1/applications/" + app, "{\"adminGroups\": [\"CONTOSO\\\\x\"]}"),
                403,
                10569);
        assertError(
                send(ApiFixture.APP_ADMIN, "PATCH", "/v1/applications/" + app, "{\"flags\": 32, \"flagMask\": 32}"),
                403,
                11042);
        assertError(
                send(ApiFixture.APP_ADMIN, "PATCH", "/v1/applications/" + app, "{\"ticketTimeoutMinutes\": 5}"),
                403,
                11042);
        assertError(
                send(ApiFixture.ADMIN, "PATCH", "/v1/applications/" + app, "{\"flags\": 65536, \"flagMask\": 65536}"),
                400,
                15000);
        assertError(send(ApiFixture.ADMIN, "PATCH", "/v1/applications/" + app, "{\"flags\": 32}"), 400, 15000);
        assertError(send(ApiFixture.ALICE, "PATCH", "/v1/applications/" + app, "{\"contact\": \"x\"}"), 403, 11042);

        HttpResponse<String> tickets = send(ApiFixture.ADMIN, "PATCH", "/v1/applications/" + app, """
                {"flags": 32, "flagMask": 32, "ticketTimeoutMinutes": 15}""");
        assertThat(json(tickets).get("flagNames").toString()).contains("allowTickets");
        assertThat(json(tickets).get("ticketTimeoutMinutes").asInt()).isEqualTo(15);
        HttpResponse<String> enabled = send(ApiFixture.APP_ADMIN, "PATCH", "/v1/applications/" + app, """
                {"flags": 2, "flagMask": 2}""");
        assertThat(json(enabled).get("enabled").asBoolean()).isTrue();
    }

    @Test
    void listingShowsEachCallerItsOwnApplicationsAndConfigStoresOnlyWithAll() throws Exception {
        String individual = create("individual", "");
        String configStore = create("configStore", "");
        String admins =
                json(send(ApiFixture.ADMIN, "GET", "/v1/applications", null)).toString();
        assertThat(admins).contains(individual).doesNotContain(configStore);
        assertThat(json(send(ApiFixture.ADMIN, "GET", "/v1/applications?all=true", null))
                        .toString())
                .contains(individual, configStore);
        assertThat(json(send(ApiFixture.ALICE, "GET", "/v1/applications", null)).toString())
                .contains(individual);
        assertThat(json(send("CONTOSO\\stranger", "GET", "/v1/applications?all=true", null))
                        .get("applications")
                        .size())
                .isZero();
        assertError(send(ApiFixture.ADMIN, "GET", "/v1/applications?all=maybe", null), 400, 15000);
    }

    @Test
    void deleteIsForAffiliateAdministratorsAndTakesTheMappingsAlong() throws Exception {
        String app = create("individual", "");
        send(ApiFixture.ALICE, "POST", "/v1/applications/" + app + "/mappings", """
                {"account": "%s", "externalUser": "ext-alice"}""".formatted(esc(ApiFixture.ALICE)));
        assertError(send(ApiFixture.APP_ADMIN, "DELETE", "/v1/applications/" + app, null), 403, 11042);
        assertThat(send(ApiFixture.ADMIN, "DELETE", "/v1/applications/" + app, null)
                        .statusCode())
                .isEqualTo(204);
        assertError(send(ApiFixture.ADMIN, "GET", "/v1/applications/" + app, null), 404, 10756);
        assertThat(json(send(ApiFixture.ADMIN, "GET", "/v1/mappings?account=" + path(ApiFixture.ALICE), null))
                        .toString())
                .doesNotContain(app);
    }

    @Test
    void mappingsAreListedAndDeletedOnlyOnceDisabledByTheirOwnerOrAdministrators() throws Exception {
        String app = create("individual", "");
        String mappings = "/v1/applications/" + app + "/mappings";
        assertThat(send(ApiFixture.ALICE, "POST", mappings, """
                        {"account": "%s", "externalUser": "ext-a"}""".formatted(esc(ApiFixture.ALICE)))
                        .statusCode())
                .isEqualTo(201);
        assertThat(send(ApiFixture.BOB, "POST", mappings, """
                        {"account": "%s", "externalUser": "ext-b"}""".formatted(esc(ApiFixture.BOB)))
                        .statusCode())
                .isEqualTo(201);
        send(ApiFixture.ALICE, "POST", mappings + "/" + path(ApiFixture.ALICE) + "/enable", "");

        JsonNode own = json(send(ApiFixture.ALICE, "GET", "/v1/mappings", null)).get("mappings");
        assertThat(own.toString()).contains("ext-a").doesNotContain("ext-b");
        assertThat(json(send(ApiFixture.APP_ADMIN, "GET", "/v1/mappings?application=" + app, null))
                        .get("mappings")
                        .size())
                .isEqualTo(2);
        assertThat(json(send(
                                ApiFixture.ADMIN,
                                "GET",
                                "/v1/mappings?application=" + app + "&account=" + path(ApiFixture.ALICE),
                                null))
                        .get("mappings")
                        .get(0)
                        .get("enabled")
                        .asBoolean())
                .isTrue();

        assertError(send(ApiFixture.ALICE, "DELETE", mappings + "/" + path(ApiFixture.BOB), null), 403, 10558);
        assertError(send(ApiFixture.ALICE, "DELETE", mappings + "/" + path(ApiFixture.ALICE), null), 409, 15007);
        send(ApiFixture.ALICE, "POST", mappings + "/" + path(ApiFixture.ALICE) + "/disable", "");
        assertThat(send(ApiFixture.ALICE, "DELETE", mappings + "/" + path(ApiFixture.ALICE), null)
                        .statusCode())
                .isEqualTo(204);
        assertError(send(ApiFixture.ALICE, "DELETE", mappings + "/" + path(ApiFixture.ALICE), null), 404, 10835);
        assertThat(send(ApiFixture.APP_ADMIN, "DELETE", mappings + "/" + path(ApiFixture.BOB), null)
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void groupAndHostGroupMappingsFollowTheirTypesRules() throws Exception {
        String group = create("group", "");
        String mappings = "/v1/applications/" + group + "/mappings";
        assertError(
                send(
                        ApiFixture.ALICE,
                        "POST",
                        mappings,
                        "{\"account\": \"%s\", \"externalUser\": \"e\"}".formatted(esc(ApiFixture.ALICE))),
                403,
                10557);
        assertError(
                send(
                        ApiFixture.ADMIN,
                        "POST",
                        mappings,
                        "{\"account\": \"%s\", \"externalUser\": \"e\"}".formatted(esc(ApiFixture.ALICE))),
                400,
                10556);
        assertThat(send(
                                ApiFixture.ADMIN,
                                "POST",
                                mappings,
                                "{\"account\": \"%s\", \"externalUser\": \"shared\"}".formatted(esc(ApiFixture.USERS)))
                        .statusCode())
                .isEqualTo(201);

        String hostGroup = create("hostGroup", "");
        String hostMappings = "/v1/applications/" + hostGroup + "/mappings";
        for (String external : new String[] {"HOST1", "HOST2"}) {
            HttpResponse<String> created = send(
                    ApiFixture.ADMIN,
                    "POST",
                    hostMappings,
                    "{\"account\": \"%s\", \"externalUser\": \"%s\"}".formatted(esc(ApiFixture.ALICE), external));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        assertError(
                send(
                        ApiFixture.ADMIN,
                        "POST",
                        hostMappings,
                        "{\"account\": \"%s\", \"externalUser\": \"HOST3\"}".formatted(esc(ApiFixture.BOB))),
                400,
                10846);
        assertThat(send(
                                ApiFixture.ADMIN,
                                "DELETE",
                                hostMappings + "/" + path(ApiFixture.ALICE) + "?externalUser=HOST2",
                                null)
                        .statusCode())
                .isEqualTo(204);
        assertError(
                send(
                        ApiFixture.ADMIN,
                        "POST",
                        "/v1/applications/" + create("configStore", "") + "/mappings",
                        "{\"account\": \"%s\", \"externalUser\": \"x\"}".formatted(esc(ApiFixture.ALICE))),
                400,
                15008);
    }

    @Test
    void globalSettingsFollowTheDisableFirstRuleAndTheSwitchStopsLookups() throws Exception {
        assertError(send(ApiFixture.ALICE, "GET", "/v1/global", null), 403, 11042);
        JsonNode global = json(send(ApiFixture.ADMIN, "GET", "/v1/global", null));
        assertThat(global.get("ticketTimeout").asInt()).isEqualTo(2);
        assertThat(global.get("auditPositiveLevel").asInt()).isZero();
        assertThat(global.get("auditNegativeLevel").asInt()).isEqualTo(1);
        assertThat(global.get("allowTickets").asBoolean()).isFalse();
        assertThat(global.get("validateTickets").asBoolean()).isTrue();

        assertError(send(ApiFixture.ADMIN, "PUT", "/v1/global", "{\"ticketTimeout\": 0}"), 400, 15000);
        assertError(send(ApiFixture.ADMIN, "PUT", "/v1/global", "{\"auditPositiveLevel\": 4}"), 400, 15000);
        assertError(send(ApiFixture.APP_ADMIN, "PUT", "/v1/global", "{\"ticketTimeout\": 3}"), 403, 11042);
        assertError(send(ApiFixture.ADMIN, "PUT", "/v1/global", "{\"ssoAdminGroup\": \"CONTOSO\\\\New\"}"), 409, 10570);
        assertError(
                send(ApiFixture.ADMIN, "PUT", "/v1/global", "{\"affiliateAdminGroup\": \"CONTOSO\\\\New\"}"),
                409,
                10572);
        JsonNode changed = json(send(ApiFixture.ADMIN, "PUT", "/v1/global", """
                {"ticketTimeout": 30, "allowTickets": true, "auditPositiveLevel": 3}"""));
        assertThat(changed.get("ticketTimeout").asInt()).isEqualTo(30);
        assertThat(changed.get("allowTickets").asBoolean()).isTrue();

        assertThat(send(ApiFixture.ADMIN, "POST", "/v1/global/disable", "").statusCode())
                .isEqualTo(200);
        try {
            assertError(send(ApiFixture.ALICE, "GET", "/v1/applications/Whatever/credentials", null), 409, 10754);
            assertError(
                    send(ApiFixture.ADMIN, "PUT", "/v1/global", "{\"ssoAdminGroup\": \"CONTOSO\\\\Elsewhere\"}"),
                    403,
                    10597);
        } finally {
            assertThat(send(ApiFixture.ADMIN, "POST", "/v1/global/enable", "").statusCode())
                    .isEqualTo(200);
        }
        assertError(send(ApiFixture.ALICE, "GET", "/v1/applications/Whatever/credentials", null), 404, 10756);
    }

    @Test
    void groupMembershipIsManagedBySsoAdministrators() throws Exception {
        String group = "CONTOSO\\Dp Group " + NAMES.incrementAndGet();
        String member = "/v1/groups/" + path(group) + "/members/" + path(ApiFixture.BOB);
        assertError(send(ApiFixture.ALICE, "PUT", member, ""), 403, 11042);
        assertThat(send(ApiFixture.ADMIN, "PUT", member, "").statusCode()).isEqualTo(204);
        assertThat(send(ApiFixture.ADMIN, "PUT", member, "").statusCode()).isEqualTo(204);
        assertThat(json(send(ApiFixture.ADMIN, "GET", "/v1/groups/" + path(group), null))
                        .get("members")
                        .toString())
                .contains("bob");
        assertThat(send(ApiFixture.ADMIN, "DELETE", member, null).statusCode()).isEqualTo(204);
        assertError(send(ApiFixture.ADMIN, "DELETE", member, null), 404, 15001);
        String ssoAdmins = json(send(ApiFixture.ADMIN, "GET", "/v1/global", null))
                .get("ssoAdminGroup")
                .asText();
        assertError(
                send(
                        ApiFixture.ADMIN,
                        "DELETE",
                        "/v1/groups/" + path(ssoAdmins) + "/members/" + path(ApiFixture.ADMIN),
                        null),
                403,
                15009);
        assertThat(json(send(ApiFixture.ADMIN, "GET", "/v1/groups", null))
                        .get("groups")
                        .toString())
                .contains(ssoAdmins);
    }
}
