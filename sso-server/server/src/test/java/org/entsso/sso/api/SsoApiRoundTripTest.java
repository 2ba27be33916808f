package org.entsso.sso.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.entsso.sso.store.WindowsAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code /v1} API end to end over mutual TLS on loopback, against a real H2 store, a real keyring holder and the
 * lookup service: applications, mappings, credentials forwarded to a master secret server stand-in that encrypts into
 * the store, lookups, config items, and ENTSSO's access rules.
 */
class SsoApiRoundTripTest {
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

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** Creates and enables an application with fields User Id, Password (masked) and Pin (masked). */
    static String enabledApp() throws Exception {
        String name = "Payroll" + NAMES.incrementAndGet();
        HttpResponse<String> created = fixture.as(ApiFixture.ADMIN)
                .post("/v1/applications", """
                        {"name": "%s", "description": "Payroll system", "contact": "ops@contoso.com",
                         "userGroups": ["%s"], "adminGroups": ["%s"],
                         "fields": [{"name": "User Id", "masked": false}, {"name": "Password", "masked": true},
                                    {"name": "Pin", "masked": true}]}
                        """.formatted(name, esc(ApiFixture.USERS), esc(ApiFixture.ADMINS)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("enabled").asBoolean()).isFalse();
        HttpResponse<String> enabled = fixture.as(ApiFixture.ADMIN).post("/v1/applications/" + name + "/enable", "");
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
        assertThat(json(enabled).get("enabled").asBoolean()).isTrue();
        return name;
    }

    static String esc(String account) {
        return account.replace("\\", "\\\\");
    }

    static String path(String account) {
        return account.replace("\\", "%5C");
    }

    /** {@code account} maps itself to {@code externalUser} and sets its password and pin. */
    static void mapAndSet(String app, String account, String externalUser, String password) throws Exception {
        ApiFixture.Caller caller = fixture.as(account);
        HttpResponse<String> mapped = caller.post(
                "/v1/applications/" + app + "/mappings",
                "{\"account\": \"" + esc(account) + "\", \"externalUser\": \"" + externalUser + "\"}");
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(201);
        assertThat(json(mapped).get("enabled").asBoolean()).isFalse();
        HttpResponse<String> set = caller.put(
                "/v1/applications/" + app + "/mappings/" + path(account) + "/credentials",
                "{\"fields\": {\"1\": \"" + password + "\", \"2\": \"1234\"}}",
                Map.of());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(204);
    }

    @Test
    void whenAnApplicationMappingAndCredentialsAreSet_thenTheOwnerLooksThemUp() throws Exception {
        String app = enabledApp();
        UUID key = UUID.randomUUID();
        ApiFixture.Caller alice = fixture.as(ApiFixture.ALICE);
        assertThat(alice.post(
                                "/v1/applications/" + app + "/mappings",
                                "{\"account\": \"CONTOSO\\\\alice\", \"externalUser\": \"ALICE01\"}")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> set = alice.put(
                "/v1/applications/" + app + "/mappings/CONTOSO%5Calice/credentials",
                "{\"fields\": {\"1\": \"pa\u00dfw\u00f6rd \\\" x\", \"2\": \"1234\"}}",
                Map.of("Idempotency-Key", key.toString()));
        HttpResponse<String> lookup = alice.get("/v1/applications/" + app + "/credentials");

        assertThat(set.statusCode()).as(set.body()).isEqualTo(204);
        assertThat(fixture.writes.requestIds).contains(key);
        assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
        assertThat(lookup.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json(lookup);
        assertThat(body.get("application").asText()).isEqualTo(app);
        assertThat(body.get("account").asText()).isEqualTo(ApiFixture.ALICE);
        assertThat(body.get("externalUser").asText()).isEqualTo("ALICE01");
        assertThat(body.get("fields").get("1").asText()).isEqualTo("pa\u00dfw\u00f6rd \" x");
        assertThat(body.get("fields").get("2").asText()).isEqualTo("1234");
    }

    @Test
    void whenTheApplicationIsRead_thenItShowsItsFieldsAndGroups() throws Exception {
        String app = enabledApp();

        HttpResponse<String> read = fixture.as(ApiFixture.BOB).get("/v1/applications/" + app.toUpperCase());

        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode body = json(read);
        assertThat(body.get("name").asText()).isEqualTo(app);
        assertThat(body.get("userGroups").get(0).asText()).isEqualTo(ApiFixture.USERS);
        assertThat(body.get("adminGroups").get(0).asText()).isEqualTo(ApiFixture.ADMINS);
        assertThat(body.get("fields")).hasSize(3);
        assertThat(body.get("fields").get(0).get("name").asText()).isEqualTo("User Id");
        assertThat(body.get("fields").get(0).get("masked").asBoolean()).isFalse();
        assertThat(body.get("fields").get(1).get("masked").asBoolean()).isTrue();
    }

    @Test
    void whenAnotherUsersCredentialsAreAsked_thenNobodyGetsThemWithoutATicket() throws Exception {
        String app = enabledApp();
        mapAndSet(app, ApiFixture.ALICE, "ALICE01", "alice-pw");

        for (String caller : new String[] {ApiFixture.BOB, ApiFixture.ADMIN, ApiFixture.APP_ADMIN}) {
            HttpResponse<String> answer = fixture.as(caller)
                    .get("/v1/applications/" + app + "/credentials?account=CONTOSO%5Calice&refresh=true");
            assertThat(answer.statusCode()).as(caller).isEqualTo(403);
            assertThat(json(answer).get("code").asInt()).isEqualTo(11042);
            assertThat(answer.body()).doesNotContain("alice-pw").contains("tickets/redeem");
        }
        HttpResponse<String> own =
                fixture.as(ApiFixture.ALICE).get("/v1/applications/" + app + "/credentials?account=contoso%5CALICE");
        assertThat(own.statusCode()).as("naming oneself is fine").isEqualTo(200);
    }

    @Test
    void whenAUserMapsSomeoneElse_thenAccessIsDenied() throws Exception {
        String app = enabledApp();

        HttpResponse<String> response = fixture.as(ApiFixture.BOB)
                .post(
                        "/v1/applications/" + app + "/mappings",
                        "{\"account\": \"CONTOSO\\\\alice\", \"externalUser\": \"X\"}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("code").asInt()).isEqualTo(10558);
    }

    @Test
    void whenTheApplicationIsDisabled_thenLookupsAnswer409_10704() throws Exception {
        String app = enabledApp();
        mapAndSet(app, ApiFixture.ALICE, "ALICE01", "pw");
        assertThat(fixture.as(ApiFixture.ALICE)
                        .get("/v1/applications/" + app + "/credentials")
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> disabled =
                fixture.as(ApiFixture.APP_ADMIN).post("/v1/applications/" + app + "/disable", "");
        HttpResponse<String> lookup = fixture.as(ApiFixture.ALICE).get("/v1/applications/" + app + "/credentials");

        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(json(disabled).get("enabled").asBoolean()).isFalse();
        assertThat(lookup.statusCode()).isEqualTo(409);
        assertThat(json(lookup).get("code").asInt()).isEqualTo(10755);
    }

    @Test
    void whenTheMappingIsDisabled_thenLookupsAnswer409_10705() throws Exception {
        String app = enabledApp();
        mapAndSet(app, ApiFixture.ALICE, "ALICE01", "pw");
        assertThat(fixture.as(ApiFixture.ALICE)
                        .get("/v1/applications/" + app + "/credentials")
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> disabled =
                fixture.as(ApiFixture.ALICE).post("/v1/applications/" + app + "/mappings/CONTOSO%5Calice/disable", "");
        HttpResponse<String> lookup = fixture.as(ApiFixture.ALICE).get("/v1/applications/" + app + "/credentials");

        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(json(disabled).get("enabled").asBoolean()).isFalse();
        assertThat(lookup.statusCode()).isEqualTo(409);
        assertThat(json(lookup).get("code").asInt()).isEqualTo(10764);
    }

    @Test
    void whenThereIsNoMapping_thenLookupsAnswer404_10757() throws Exception {
        String app = enabledApp();

        HttpResponse<String> lookup = fixture.as(ApiFixture.BOB).get("/v1/applications/" + app + "/credentials");

        assertThat(lookup.statusCode()).isEqualTo(404);
        assertThat(json(lookup).get("code").asInt()).isEqualTo(10757);
    }

    @Test
    void whenCredentialsAreSetThroughTheApi_thenThisServersCacheIsDropped_andRefreshBypassesTheCache()
            throws Exception {
        String app = enabledApp();
        mapAndSet(app, ApiFixture.ALICE, "ALICE01", "first");
        ApiFixture.Caller alice = fixture.as(ApiFixture.ALICE);
        assertThat(json(alice.get("/v1/applications/" + app + "/credentials"))
                        .get("fields")
                        .get("1")
                        .asText())
                .isEqualTo("first");

        // Through the API: this server's cache is invalidated at once.
        alice.put(
                "/v1/applications/" + app + "/mappings/CONTOSO%5Calice/credentials",
                "{\"fields\": {\"1\": \"second\"}}",
                Map.of());
        assertThat(json(alice.get("/v1/applications/" + app + "/credentials"))
                        .get("fields")
                        .get("1")
                        .asText())
                .isEqualTo("second");

        // Behind the API's back (as another server would): the cache answers until ?refresh=true.
        TreeMap<Integer, byte[]> third = new TreeMap<>(Map.of(1, "third".getBytes(StandardCharsets.UTF_8)));
        fixture.writes.setCredentials(
                ApiFixture.ALICE, UUID.randomUUID(), app, new WindowsAccount("CONTOSO", "alice"), third);
        assertThat(json(alice.get("/v1/applications/" + app + "/credentials"))
                        .get("fields")
                        .get("1")
                        .asText())
                .isEqualTo("second");
        assertThat(json(alice.get("/v1/applications/" + app + "/credentials?refresh=true"))
                        .get("fields")
                        .get("1")
                        .asText())
                .isEqualTo("third");
    }

    @Test
    void whenConfigIsSet_thenApplicationUsersReadTheProperties_andOthersAreDenied() throws Exception {
        String app = configStoreApp();
        fixture.addToGroup("CONTOSO\\carol", "CONTOSO\\Other Users");

        HttpResponse<String> set = fixture.as(ApiFixture.APP_ADMIN)
                .put(
                        "/v1/config/" + app
                                + "/{8C3B0F1E-0000-4000-8000-000000000001}"
                                        .replace("{", "%7B")
                                        .replace("}", "%7D"),
                        "{\"properties\": {\"Endpoint\": \"https://x\", \"Password\": \"p\u00e4ss\"}}",
                        Map.of());
        String item = "/v1/config/" + app + "/%7B8C3B0F1E-0000-4000-8000-000000000001%7D";
        HttpResponse<String> read = fixture.as(ApiFixture.ALICE).get(item);
        HttpResponse<String> denied = fixture.as("CONTOSO\\carol").get(item);
        HttpResponse<String> userSets =
                fixture.as(ApiFixture.ALICE).put(item, "{\"properties\": {\"Endpoint\": \"y\"}}", Map.of());
        HttpResponse<String> missing = fixture.as(ApiFixture.ALICE).get("/v1/config/" + app + "/nothing");

        assertThat(set.statusCode()).as(set.body()).isEqualTo(204);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode body = json(read);
        assertThat(body.get("identifier").asText()).isEqualTo("{8C3B0F1E-0000-4000-8000-000000000001}");
        assertThat(body.get("properties").get("Endpoint").asText()).isEqualTo("https://x");
        assertThat(body.get("properties").get("Password").asText()).isEqualTo("p\u00e4ss");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).get("code").asInt()).isEqualTo(11042);
        assertThat(userSets.statusCode()).isEqualTo(403);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("code").asInt()).isEqualTo(10757);
    }

    /** Creates and enables a Config Store application with properties Endpoint and Password (masked). */
    static String configStoreApp() throws Exception {
        String name = "Adapter" + NAMES.incrementAndGet();
        HttpResponse<String> created = fixture.as(ApiFixture.ADMIN)
                .post("/v1/applications", """
                        {"name": "%s", "type": "configStore", "userGroups": ["%s"], "adminGroups": ["%s"],
                         "fields": [{"name": "Endpoint", "masked": false}, {"name": "Password", "masked": true}]}
                        """.formatted(name, esc(ApiFixture.USERS), esc(ApiFixture.ADMINS)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> enabled = fixture.as(ApiFixture.ADMIN).post("/v1/applications/" + name + "/enable", "");
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
        return name;
    }
}
