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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's role matrix: every operation of the data plane x {SSO administrator, affiliate administrator, the
 * application's administrator, an application user, the account itself, an unrelated user, a node certificate}, each
 * cell run against fresh state and asserted (allowed, or the exact refusal), and the table generated as
 * sso-server/docs/roles.md ({@code -Dentsso.docs.write=true} rewrites it; the test fails when it is stale).
 */
class RoleMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOC = Path.of("../docs/roles.md");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String AFFILIATE = "CONTOSO\\affadmin";
    private static final String CAROL = "CONTOSO\\carol";
    private static final String NODE = "node9";

    @TempDir
    static Path dir;

    private static ApiFixture fixture;

    /** The roles, in the table's column order. */
    enum Role {
        SSO_ADMIN("SSO admin", ApiFixture.ADMIN),
        AFFILIATE_ADMIN("affiliate admin", AFFILIATE),
        APP_ADMIN("app admin", ApiFixture.APP_ADMIN),
        APP_USER("app user", ApiFixture.BOB),
        ACCOUNT("the account", ApiFixture.ALICE),
        UNRELATED("unrelated user", CAROL),
        NODE_CERT("node certificate", NODE);

        final String title;
        final String principal;

        Role(String title, String principal) {
            this.title = title;
            this.principal = principal;
        }

        ApiFixture.Caller caller() {
            return this == NODE_CERT ? fixture.asNode(NODE) : fixture.as(principal);
        }
    }

    /** Fresh objects for one cell: an application with the account's mapping, one without, a config item, a ticket. */
    record Ctx(String app, String blank, String config, String ticket) {}

    @FunctionalInterface
    interface Call {
        HttpResponse<String> run(ApiFixture.Caller caller, Ctx ctx) throws Exception;
    }

    record Op(String name, String request, Call prepare, Call call) {}

    @BeforeAll
    static void start() throws Exception {
        fixture = new ApiFixture(dir);
        fixture.addToGroup(AFFILIATE, fixture.global.affiliateAdminGroup());
        ok(fixture.as(ApiFixture.ADMIN)
                .send("PUT", "/v1/global", "{\"allowTickets\": true, \"hostInitiated\": true}", Map.of()));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static HttpResponse<String> ok(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
        return answer;
    }

    private static Ctx fresh() throws Exception {
        int n = NAMES.incrementAndGet();
        ApiFixture.Caller admin = fixture.as(ApiFixture.ADMIN);
        String app = "Matrix" + n;
        String blank = "Blank" + n;
        String config = "Config" + n;
        for (String name : new String[] {app, blank}) {
            ok(admin.post("/v1/applications", """
                    {"name": "%s", "userGroups": ["%s"], "adminGroups": ["%s"], "flags": %d,
                     "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]}
                    """.formatted(
                            name, esc(ApiFixture.USERS), esc(ApiFixture.ADMINS), 0x4 | 0x8 | 0x20 | 0x40)));
            ok(admin.post("/v1/applications/" + name + "/enable", ""));
        }
        ok(admin.post("/v1/applications", """
                {"name": "%s", "type": "configStore", "userGroups": ["%s"], "adminGroups": ["%s"],
                 "fields": [{"name": "Endpoint"}, {"name": "Password", "masked": true}]}
                """.formatted(config, esc(ApiFixture.USERS), esc(ApiFixture.ADMINS))));
        ok(admin.post("/v1/applications/" + config + "/enable", ""));
        ok(admin.put(
                "/v1/config/" + config + "/item",
                "{\"properties\": {\"Endpoint\": \"https://e\", \"Password\": \"p\"}}",
                Map.of()));
        ApiFixture.Caller alice = fixture.as(ApiFixture.ALICE);
        ok(alice.post("/v1/applications/" + app + "/mappings", """
                {"account": "%s", "externalUser": "ALICE01"}""".formatted(esc(ApiFixture.ALICE))));
        ok(alice.put(
                "/v1/applications/" + app + "/mappings/" + path(ApiFixture.ALICE) + "/credentials",
                "{\"fields\": {\"1\": \"alice-pw\"}}",
                Map.of()));
        String ticket = JSON.readTree(ok(alice.post("/v1/tickets", "")).body())
                .get("ticket")
                .asText();
        return new Ctx(app, blank, config, ticket);
    }

    private static String mapping(Ctx c) {
        return "/v1/applications/" + c.app() + "/mappings/" + path(ApiFixture.ALICE);
    }

    private static Op op(String name, String request, Call call) {
        return new Op(name, request, null, call);
    }

    private static List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        ops.add(op("List applications", "GET /v1/applications", (u, c) -> u.get("/v1/applications")));
        ops.add(op(
                "Create an application",
                "POST /v1/applications",
                (u, c) -> u.post("/v1/applications", """
                {"name": "%s", "userGroups": ["%s"], "adminGroups": ["%s"], "fields": [{"name": "User Id"}]}
                """.formatted(
                                "New" + NAMES.incrementAndGet(), esc(ApiFixture.USERS), esc(ApiFixture.ADMINS)))));
        ops.add(op(
                "Read an application", "GET /v1/applications/{app}", (u, c) -> u.get("/v1/applications/" + c.app())));
        ops.add(op(
                "Change its description",
                "PATCH /v1/applications/{app}",
                (u, c) -> u.send("PATCH", "/v1/applications/" + c.app(), "{\"description\": \"d\"}", Map.of())));
        ops.add(op(
                "Change its ticket flags",
                "PATCH ... flags 0x40",
                (u, c) ->
                        u.send("PATCH", "/v1/applications/" + c.app(), "{\"flags\": 0, \"flagMask\": 64}", Map.of())));
        ops.add(op(
                "Change its administrators",
                "PATCH ... adminGroups",
                (u, c) -> u.send(
                        "PATCH",
                        "/v1/applications/" + c.app(),
                        "{\"adminGroups\": [\"" + esc(ApiFixture.ADMINS) + "\", \"CONTOSO\\\\Other Admins\"]}",
                        Map.of())));
        ops.add(op("Disable it", "POST .../disable", (u, c) -> u.post("/v1/applications/" + c.app() + "/disable", "")));
        ops.add(op(
                "Delete it",
                "DELETE /v1/applications/{app}",
                (u, c) -> u.send("DELETE", "/v1/applications/" + c.app(), null, Map.of())));
        ops.add(op(
                "Map the account",
                "POST .../mappings",
                (u, c) -> u.post(
                        "/v1/applications/" + c.blank() + "/mappings",
                        "{\"account\": \"" + esc(ApiFixture.ALICE) + "\", \"externalUser\": \"A2\"}")));
        ops.add(op(
                "Disable the account's mapping",
                "POST .../mappings/{account}/disable",
                (u, c) -> u.post(mapping(c) + "/disable", "")));
        ops.add(new Op(
                "Delete the account's (disabled) mapping",
                "DELETE .../mappings/{account}",
                (u, c) -> u.post(mapping(c) + "/disable", ""),
                (u, c) -> u.send("DELETE", mapping(c), null, Map.of())));
        ops.add(op(
                "List the application's mappings",
                "GET /v1/mappings?application=",
                (u, c) -> u.get("/v1/mappings?application=" + c.app())));
        ops.add(op(
                "Set the account's credentials",
                "PUT .../mappings/{account}/credentials",
                (u, c) -> u.put(mapping(c) + "/credentials", "{\"fields\": {\"1\": \"new-pw\"}}", Map.of())));
        ops.add(op(
                "Read the account's credentials",
                "GET .../credentials (?account=)",
                (u, c) -> u.get("/v1/applications/" + c.app() + "/credentials?account=" + path(ApiFixture.ALICE))));
        ops.add(op("Issue a ticket (for itself)", "POST /v1/tickets", (u, c) -> u.post("/v1/tickets", "")));
        ops.add(op(
                "Redeem the account's ticket",
                "POST .../tickets/redeem",
                (u, c) -> u.post(
                        "/v1/applications/" + c.app() + "/tickets/redeem",
                        "{\"ticket\": \"" + c.ticket() + "\", \"sender\": \"" + esc(ApiFixture.ALICE) + "\"}")));
        ops.add(op(
                "Host-initiated lookup",
                "POST .../reverse",
                (u, c) -> u.post("/v1/applications/" + c.app() + "/reverse", "{\"externalUser\": \"ALICE01\"}")));
        ops.add(op(
                "Set config info",
                "PUT /v1/config/{app}/{id}",
                (u, c) -> u.put(
                        "/v1/config/" + c.config() + "/item",
                        "{\"properties\": {\"Endpoint\": \"https://f\"}}",
                        Map.of())));
        ops.add(op(
                "Read config info (run-time)",
                "GET /v1/config/{app}/{id}",
                (u, c) -> u.get("/v1/config/" + c.config() + "/item")));
        ops.add(op(
                "Read config info (admin mode)",
                "GET ...?mode=admin",
                (u, c) -> u.get("/v1/config/" + c.config() + "/item?mode=admin")));
        ops.add(op("List config identifiers", "GET /v1/config/{app}", (u, c) -> u.get("/v1/config/" + c.config())));
        ops.add(op(
                "Delete config info",
                "DELETE /v1/config/{app}/{id}",
                (u, c) -> u.send("DELETE", "/v1/config/" + c.config() + "/item", null, Map.of())));
        ops.add(op("Read global settings", "GET /v1/global", (u, c) -> u.get("/v1/global")));
        ops.add(op(
                "Update global settings",
                "PUT /v1/global",
                (u, c) -> u.put("/v1/global", "{\"ticketTimeout\": 3}", Map.of())));
        ops.add(op("Disable SSO", "POST /v1/global/disable", (u, c) -> u.post("/v1/global/disable", "")));
        ops.add(op("List groups", "GET /v1/groups", (u, c) -> u.get("/v1/groups")));
        ops.add(op(
                "Add a group member",
                "PUT /v1/groups/{g}/members/{p}",
                (u, c) -> u.put(
                        "/v1/groups/" + path(ApiFixture.USERS).replace(" ", "%20") + "/members/CONTOSO%5Cnewcomer",
                        null,
                        Map.of())));
        ops.add(op("Read the audit tables", "GET /v1/audit/lookups", (u, c) -> u.get("/v1/audit/lookups")));
        return ops;
    }

    /** The expected cell per operation, in {@link Role} order: "ok" or "HTTP code". */
    private static final Map<String, List<String>> EXPECTED = new LinkedHashMap<>();

    static {
        String d = "403 11042";
        expect("List applications", "ok", "ok", "ok", "ok", "ok", "ok", "ok");
        expect("Create an application", "ok", "ok", d, d, d, d, d);
        expect("Read an application", "ok", "ok", "ok", "ok", "ok", "ok", "ok");
        expect("Change its description", "ok", "ok", "ok", d, d, d, d);
        expect("Change its ticket flags", "ok", d, d, d, d, d, d);
        expect("Change its administrators", "ok", "ok", "403 10569", d, d, d, d);
        expect("Disable it", "ok", "ok", "ok", d, d, d, d);
        expect("Delete it", "ok", "ok", d, d, d, d, d);
        expect("Map the account", "ok", "ok", "ok", "403 10558", "ok", d, d);
        expect("Disable the account's mapping", "ok", "ok", "ok", "403 10558", "ok", d, d);
        expect("Delete the account's (disabled) mapping", "ok", "ok", "ok", "403 10558", "ok", d, d);
        expect("List the application's mappings", "ok", "ok", "ok", "ok", "ok", "ok", "ok");
        expect("Set the account's credentials", "ok", "ok", "ok", "403 10558", "ok", d, d);
        expect("Read the account's credentials", d, d, d, d, "ok", d, "400 15000");
        expect("Issue a ticket (for itself)", "ok", "ok", "ok", "ok", "ok", "ok", "400 15000");
        expect("Redeem the account's ticket", "ok", "ok", "ok", d, d, d, d);
        expect("Host-initiated lookup", "ok", "ok", "ok", d, d, d, d);
        expect("Set config info", "ok", "ok", "ok", d, d, d, d);
        expect("Read config info (run-time)", "ok", "ok", "ok", "ok", "ok", d, d);
        expect("Read config info (admin mode)", "ok", "ok", "ok", "ok", "ok", d, d);
        expect("List config identifiers", "ok", "ok", "ok", "ok", "ok", d, d);
        expect("Delete config info", "ok", "ok", "ok", d, d, d, d);
        expect("Read global settings", "ok", "ok", d, d, d, d, d);
        expect("Update global settings", "ok", d, d, d, d, d, d);
        expect("Disable SSO", "ok", d, d, d, d, d, d);
        expect("List groups", "ok", "ok", d, d, d, d, d);
        expect("Add a group member", "ok", d, d, d, d, d, d);
        expect("Read the audit tables", "ok", d, d, d, d, d, d);
    }

    private static void expect(String op, String... cells) {
        EXPECTED.put(op, List.of(cells));
    }

    private static String outcome(HttpResponse<String> answer) throws IOException {
        if (answer.statusCode() < 300) {
            return "ok";
        }
        JsonNode body = JSON.readTree(answer.body());
        return answer.statusCode() + " " + body.path("code").asInt();
    }

    @Test
    void everyCellIsWhatTheTableSays_andTheTableIsDocumented() throws Exception {
        Map<String, List<String>> actual = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Op op : operations()) {
            List<String> row = new ArrayList<>();
            for (Role role : Role.values()) {
                Ctx ctx = fresh();
                if (op.prepare() != null) {
                    ok(op.prepare().run(fixture.as(ApiFixture.ADMIN), ctx));
                }
                String cell = outcome(op.call().run(role.caller(), ctx));
                row.add(cell);
                String expected = EXPECTED.get(op.name()).get(role.ordinal());
                if (!cell.equals(expected)) {
                    wrong.add(op.name() + " by " + role.title + ": " + cell + ", expected " + expected);
                }
                if (op.name().equals("Disable SSO") && cell.equals("ok")) {
                    ok(fixture.as(ApiFixture.ADMIN).post("/v1/global/enable", ""));
                }
            }
            actual.put(op.name(), row);
        }
        assertThat(wrong).as("cells that differ from the table").isEmpty();

        String doc = document(operations(), actual);
        if (Boolean.getBoolean("entsso.docs.write")) {
            Files.writeString(DOC, doc, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "")
                .as("sso-server/docs/roles.md is out of date: run RoleMatrixTest with -Dentsso.docs.write=true")
                .isEqualTo(doc);
    }

    private static String document(List<Op> ops, Map<String, List<String>> cells) {
        StringBuilder out = new StringBuilder();
        out.append("# Who may do what: the role matrix\n\n")
                .append("Generated by `RoleMatrixTest` (sso-server/server), which runs every cell against fresh state")
                .append(" over mutual TLS\nand fails when an answer or this file differs (`-Dentsso.docs.write=true`")
                .append(" rewrites it). `ok` is allowed;\notherwise the HTTP status and ENTSSO id answered")
                .append(" ([errors.md](errors.md)).\n\n")
                .append("The roles: **SSO admin** (a member of the SSO Administrators group), **affiliate admin**")
                .append(" (SSO Affiliate\nAdministrators), **app admin** (the application's administrators group),")
                .append(" **app user** (its users group, not the\naccount), **the account** (the mapped Windows")
                .append(" account, also an app user), **unrelated user** (a domain account in\nno group),")
                .append(" **node certificate** (an SSO server's certificate, no domain account). The account's")
                .append(" ticket is one it\nissued; lists answer everyone with what they may see (anchors/entsso.md")
                .append(" §4).\n\n| operation | request |");
        for (Role role : Role.values()) {
            out.append(' ').append(role.title).append(" |");
        }
        out.append("\n|---|---|");
        out.append("---|".repeat(Role.values().length)).append('\n');
        for (Op op : ops) {
            out.append("| ")
                    .append(op.name())
                    .append(" | `")
                    .append(op.request())
                    .append("` |");
            for (String cell : cells.get(op.name())) {
                out.append(' ').append(cell).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
