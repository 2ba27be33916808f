package org.entsso.sso.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entsso.sso.api.SsoApiRoundTripTest.esc;
import static org.entsso.sso.api.SsoApiRoundTripTest.path;

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
 * Issue 12 items 3-5 over mutual TLS against a real H2 store: tickets (issue for oneself, redeem and
 * validate-and-redeem by administrators only, ENTSSO's global and per-application switches and their errors), the
 * host-initiated reverse lookup (system and application switches, password verification), and the config store's
 * admin and run-time modes, partial updates, listing and deletion. Each test leaves the global settings as it found
 * them: tickets and host-initiated SSO off, validation on.
 */
class TicketsAndLookupModesApiTest {
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

    private static HttpResponse<String> send(String caller, String method, String path, String body) throws Exception {
        return fixture.as(caller).send(method, path, body, Map.of("Content-Type", "application/json"));
    }

    private static void assertRefused(HttpResponse<String> answer, int status, int code) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(json(answer).get("code").asInt()).as(answer.body()).isEqualTo(code);
    }

    private static void global(String settings) throws Exception {
        HttpResponse<String> answer = send(ApiFixture.ADMIN, "PUT", "/v1/global", settings);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static void patch(String app, int flags, int mask) throws Exception {
        HttpResponse<String> answer =
                send(ApiFixture.ADMIN, "PATCH", "/v1/applications/" + app, """
                {"flags": %d, "flagMask": %d}""".formatted(flags, mask));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    /** An enabled Individual application where Alice has mapped herself (ALICE01, alice-pw). */
    private static String appWithAlice() throws Exception {
        String app = "Tickets" + NAMES.incrementAndGet();
        HttpResponse<String> created = send(ApiFixture.ADMIN, "POST", "/v1/applications", """
                {"name": "%s", "userGroups": ["%s"], "adminGroups": ["%s"],
                 "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]}
                """.formatted(
                        app, esc(ApiFixture.USERS), esc(ApiFixture.ADMINS)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(send(ApiFixture.ADMIN, "POST", "/v1/applications/" + app + "/enable", "")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> mapped =
                send(ApiFixture.ALICE, "POST", "/v1/applications/" + app + "/mappings", """
                {"account": "%s", "externalUser": "ALICE01"}""".formatted(
                                esc(ApiFixture.ALICE)));
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(201);
        HttpResponse<String> set = send(
                ApiFixture.ALICE,
                "PUT",
                "/v1/applications/" + app + "/mappings/" + path(ApiFixture.ALICE) + "/credentials",
                "{\"fields\": {\"1\": \"alice-pw\"}}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(204);
        return app;
    }

    /** An enabled Config Store application with properties Endpoint and Password (masked). */
    private static String configStoreApp(String name) throws Exception {
        HttpResponse<String> created = send(ApiFixture.ADMIN, "POST", "/v1/applications", """
                {"name": "%s", "type": "configStore", "userGroups": ["%s"], "adminGroups": ["%s"],
                 "fields": [{"name": "Endpoint"}, {"name": "Password", "masked": true}]}
                """.formatted(
                        name, esc(ApiFixture.USERS), esc(ApiFixture.ADMINS)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(send(ApiFixture.ADMIN, "POST", "/v1/applications/" + name + "/enable", "")
                        .statusCode())
                .isEqualTo(200);
        return name;
    }

    private static String issue(String caller) throws Exception {
        HttpResponse<String> issued = send(caller, "POST", "/v1/tickets", "");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(json(issued).get("issuer").asText()).isEqualTo(caller);
        return json(issued).get("ticket").asText();
    }

    private static HttpResponse<String> redeem(String caller, String app, String ticket, String sender)
            throws Exception {
        String body = sender == null
                ? "{\"ticket\": \"" + ticket + "\"}"
                : "{\"ticket\": \"" + ticket + "\", \"sender\": \"" + esc(sender) + "\"}";
        return send(caller, "POST", "/v1/applications/" + app + "/tickets/redeem", body);
    }

    @Test
    void tickets_areOffByDefault_andOnlyAdministratorsRedeemThemForTheirIssuer() throws Exception {
        String app = appWithAlice();
        assertRefused(send(ApiFixture.ALICE, "POST", "/v1/tickets", ""), 409, 10539);

        global("{\"allowTickets\": true}");
        try {
            String ticket = issue(ApiFixture.ALICE);
            assertRefused(redeem(ApiFixture.APP_ADMIN, app, ticket, ApiFixture.ALICE), 409, 10540);
            assertThat(send(ApiFixture.APP_ADMIN, "PATCH", "/v1/applications/" + app, """
                            {"flags": 32, "flagMask": 32}""")
                            .statusCode())
                    .as("ticket flags are for SSO administrators")
                    .isEqualTo(403);
            patch(app, 0x20, 0x20);

            HttpResponse<String> redeemed = redeem(ApiFixture.APP_ADMIN, app, ticket, ApiFixture.ALICE);
            assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(200);
            assertThat(json(redeemed).get("account").asText()).isEqualTo(ApiFixture.ALICE);
            assertThat(json(redeemed).get("fields").get("1").asText()).isEqualTo("alice-pw");
            assertThat(redeem(ApiFixture.ADMIN, app, ticket, "contoso\\ALICE").statusCode())
                    .as("SSO administrators redeem too; names compare case-insensitively")
                    .isEqualTo(200);

            HttpResponse<String> byAUser = redeem(ApiFixture.BOB, app, ticket, ApiFixture.ALICE);
            assertRefused(byAUser, 403, 11042);
            assertThat(byAUser.body()).doesNotContain("alice-pw");
            assertRefused(redeem(ApiFixture.ALICE, app, ticket, ApiFixture.ALICE), 403, 11042);
            assertRefused(redeem(ApiFixture.APP_ADMIN, app, ticket, ApiFixture.BOB), 403, 10594);
            HttpResponse<String> noSender = redeem(ApiFixture.APP_ADMIN, app, ticket, null);
            assertRefused(noSender, 403, 10594);
            assertThat(noSender.body()).contains("validates tickets");

            String garbled = ticket.substring(0, ticket.length() - 4) + (ticket.endsWith("AAAA") ? "BBBB" : "AAAA");
            assertRefused(redeem(ApiFixture.APP_ADMIN, app, garbled, ApiFixture.ALICE), 400, 10592);
            assertRefused(redeem(ApiFixture.APP_ADMIN, app, "not a ticket!", ApiFixture.ALICE), 400, 10593);
            assertRefused(
                    send(ApiFixture.APP_ADMIN, "POST", "/v1/applications/" + app + "/tickets/redeem", "{}"),
                    400,
                    15000);
            assertRefused(redeem(ApiFixture.APP_ADMIN, "NoSuchApp", ticket, ApiFixture.ALICE), 404, 10756);
        } finally {
            global("{\"allowTickets\": false}");
        }
    }

    @Test
    void ticketValidation_isRequiredWhenTheSystemOrTheApplicationRequiresIt() throws Exception {
        String app = appWithAlice();
        global("{\"allowTickets\": true}");
        try {
            patch(app, 0x20, 0x20 | 0x40); // allowTickets on, validateTickets off for the application
            String ticket = issue(ApiFixture.ALICE);
            assertRefused(redeem(ApiFixture.APP_ADMIN, app, ticket, null), 403, 10594);

            global("{\"validateTickets\": false}");
            HttpResponse<String> redeemed = redeem(ApiFixture.APP_ADMIN, app, ticket, null);
            assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(200);
            assertThat(json(redeemed).get("account").asText()).isEqualTo(ApiFixture.ALICE);

            patch(app, 0x40, 0x40);
            assertRefused(redeem(ApiFixture.APP_ADMIN, app, ticket, null), 403, 10594);
        } finally {
            global("{\"allowTickets\": false, \"validateTickets\": true}");
        }
    }

    @Test
    void reverseLookup_mapsAnExternalUserToItsAccount_underTheHostInitiatedSwitches() throws Exception {
        String app = appWithAlice();
        String reverse = "/v1/applications/" + app + "/reverse";
        String right = "{\"externalUser\": \"ALICE01\", \"password\": \"alice-pw\"}";

        assertRefused(send(ApiFixture.APP_ADMIN, "POST", reverse, right), 409, 10808);
        global("{\"hostInitiated\": true}");
        try {
            assertRefused(send(ApiFixture.APP_ADMIN, "POST", reverse, right), 409, 10809);
            patch(app, 0x8, 0x8);
            HttpResponse<String> found = send(ApiFixture.APP_ADMIN, "POST", reverse, "{\"externalUser\": \"ALICE01\"}");
            assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
            assertThat(json(found).get("account").asText()).isEqualTo(ApiFixture.ALICE);

            patch(app, 0x10, 0x10); // verify external credentials
            assertRefused(send(ApiFixture.APP_ADMIN, "POST", reverse, "{\"externalUser\": \"ALICE01\"}"), 403, 10810);
            HttpResponse<String> wrong = send(
                    ApiFixture.APP_ADMIN, "POST", reverse, "{\"externalUser\": \"ALICE01\", \"password\": \"guess\"}");
            assertRefused(wrong, 403, 10810);
            assertThat(wrong.body()).doesNotContain("guess", "alice-pw");
            assertThat(json(send(ApiFixture.APP_ADMIN, "POST", reverse, right))
                            .get("account")
                            .asText())
                    .isEqualTo(ApiFixture.ALICE);

            patch(app, 0, 0x4); // host-initiated only: no more Windows-initiated lookups
            assertRefused(send(ApiFixture.ALICE, "GET", "/v1/applications/" + app + "/credentials", null), 409, 15010);
            assertThat(send(ApiFixture.APP_ADMIN, "POST", reverse, right).statusCode())
                    .isEqualTo(200);

            assertRefused(send(ApiFixture.ALICE, "POST", reverse, right), 403, 11042);
            assertRefused(send(ApiFixture.APP_ADMIN, "POST", reverse, "{\"externalUser\": \"NOBODY\"}"), 404, 10757);
            assertRefused(send(ApiFixture.APP_ADMIN, "POST", reverse, "{\"externalUser\": 7}"), 400, 15000);
            assertRefused(send(ApiFixture.APP_ADMIN, "POST", reverse, "{\"user\": \"ALICE01\"}"), 400, 15000);
            assertRefused(send(ApiFixture.APP_ADMIN, "POST", reverse, "[1"), 400, 15000);
        } finally {
            global("{\"hostInitiated\": false}");
        }
    }

    @Test
    void aGroupApplicationsLookup_usesTheFirstOfItsUserGroupsThatHasTheCallerAndAMapping() throws Exception {
        String first = "CONTOSO\\Group First " + NAMES.incrementAndGet();
        String second = "CONTOSO\\Group Second " + NAMES.incrementAndGet();
        String app = "Group" + NAMES.incrementAndGet();
        assertThat(send(ApiFixture.ADMIN, "POST", "/v1/applications", """
                        {"name": "%s", "type": "group", "userGroups": ["%s", "%s"], "adminGroups": ["%s"],
                         "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]}
                        """.formatted(
                                        app, esc(first), esc(second), esc(ApiFixture.ADMINS)))
                        .statusCode())
                .isEqualTo(201);
        for (String group : new String[] {first, second}) {
            String ext = group.contains("First") ? "FIRST" : "SECOND";
            assertThat(send(ApiFixture.ADMIN, "POST", "/v1/applications/" + app + "/mappings", """
                            {"account": "%s", "externalUser": "%s"}""".formatted(
                                            esc(group), ext))
                            .statusCode())
                    .isEqualTo(201);
            assertThat(send(
                                    ApiFixture.ADMIN,
                                    "PUT",
                                    "/v1/applications/" + app + "/mappings/"
                                            + path(group).replace(" ", "%20") + "/credentials",
                                    "{\"fields\": {\"1\": \"pw-" + ext + "\"}}")
                            .statusCode())
                    .isEqualTo(204);
        }
        assertThat(send(ApiFixture.ADMIN, "POST", "/v1/applications/" + app + "/enable", "")
                        .statusCode())
                .isEqualTo(200);
        String lookup = "/v1/applications/" + app + "/credentials";
        String carol = "CONTOSO\\carol" + NAMES.incrementAndGet();
        assertRefused(send(carol, "GET", lookup, null), 404, 10757);

        fixture.addToGroup(carol, second);
        fixture.lookups.globalChanged(); // what the groups API signals; the fixture adds through the store
        assertThat(json(send(carol, "GET", lookup, null)).get("externalUser").asText())
                .isEqualTo("SECOND");

        fixture.addToGroup(carol, first);
        fixture.lookups.globalChanged();
        JsonNode both = json(send(carol, "GET", lookup, null));
        assertThat(both.get("externalUser").asText())
                .as("the first user group in order wins")
                .isEqualTo("FIRST");
        assertThat(both.get("fields").get("1").asText()).isEqualTo("pw-FIRST");
        assertThat(both.get("account").asText()).isEqualTo(carol);
    }

    @Test
    void configStore_adminModeHidesMaskedProperties_updatesArePartial_andItemsAreListedAndDeleted() throws Exception {
        String app = configStoreApp("Adapter" + NAMES.incrementAndGet());
        String item = "/v1/config/" + app + "/rl-1";
        assertRefused(send(ApiFixture.APP_ADMIN, "PUT", item, "{\"properties\": {\"Endpoint\": \"a\"}}"), 400, 15000);
        assertThat(send(ApiFixture.APP_ADMIN, "PUT", item, """
                        {"properties": {"Endpoint": "https://a", "Password": "s3cret"}}""").statusCode()).isEqualTo(204);
        assertThat(send(ApiFixture.APP_ADMIN, "PUT", item, "{\"properties\": {\"Endpoint\": \"https://b\"}}")
                        .statusCode())
                .isEqualTo(204);
        assertRefused(send(ApiFixture.APP_ADMIN, "PUT", item, "{\"properties\": {\"Nope\": \"x\"}}"), 400, 15000);

        JsonNode runtime = json(send(ApiFixture.ALICE, "GET", item, null));
        assertThat(runtime.get("mode").asText()).isEqualTo("runtime");
        assertThat(runtime.get("properties").get("Endpoint").asText()).isEqualTo("https://b");
        assertThat(runtime.get("properties").get("Password").asText()).isEqualTo("s3cret");
        HttpResponse<String> admin = send(ApiFixture.ALICE, "GET", item + "?mode=admin", null);
        assertThat(json(admin).get("properties").get("Endpoint").asText()).isEqualTo("https://b");
        assertThat(json(admin).get("properties").has("Password")).isFalse();
        assertThat(admin.body()).doesNotContain("s3cret");
        assertRefused(send(ApiFixture.ALICE, "GET", item + "?mode=raw", null), 400, 15000);

        assertThat(json(send(ApiFixture.ALICE, "GET", "/v1/config/" + app, null))
                        .get("identifiers")
                        .toString())
                .isEqualTo("[\"rl-1\"]");
        assertRefused(send(ApiFixture.ALICE, "DELETE", item, null), 403, 11042);
        assertThat(send(ApiFixture.APP_ADMIN, "DELETE", item, null).statusCode())
                .isEqualTo(204);
        assertRefused(send(ApiFixture.APP_ADMIN, "DELETE", item, null), 404, 10757);
        assertRefused(send(ApiFixture.ALICE, "GET", item, null), 404, 10757);

        String individual = appWithAlice();
        assertRefused(send(ApiFixture.APP_ADMIN, "GET", "/v1/config/" + individual, null), 400, 15008);
        assertRefused(send(ApiFixture.ALICE, "GET", "/v1/applications/" + app + "/credentials", null), 400, 15008);
    }
}
