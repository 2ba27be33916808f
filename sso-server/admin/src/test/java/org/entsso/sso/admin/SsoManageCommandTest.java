package org.entsso.sso.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.List;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: every ssomanage verb end to end against an in-process cluster, with its refusal. */
@Tag("zookeeper")
class SsoManageCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = CliCluster.ADMIN;
    private static final String ALICE = "LOCAL\\alice";
    private static final String BOB = "LOCAL\\bob";
    private static final String USERS = "LOCAL\\Payroll Users";
    private static final String ADMINS = "LOCAL\\Payroll Admins";

    @TempDir
    static Path dir;

    private static CliCluster cli;

    @BeforeAll
    static void start() throws Exception {
        cli = new CliCluster(dir);
        ok(cli.manage(ADMIN, "-addgroupmember", USERS, ALICE));
        ok(cli.manage(ADMIN, "-addgroupmember", USERS, BOB));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cli != null) {
            cli.close();
        }
    }

    private static CliCluster.Run ok(CliCluster.Run run) {
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }

    private static CliCluster.Run fails(int exit, CliCluster.Run run) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(exit);
        assertThat(run.err().strip())
                .as("one line")
                .doesNotContain("\n")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        return run;
    }

    private static Path file(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static String application(String name, String flags) {
        return """
                  <application name="%s">
                    <description>%s &amp; co</description>
                    <contact>payroll@contoso.com</contact>
                    <appUserAccount>%s</appUserAccount>
                    <appAdminAccount>%s</appAdminAccount>
                    <field ordinal="0" label="User ID" masked="no" />
                    <field ordinal="1" label="Password" masked="yes" />
                    <flags %s />
                  </application>
                """.formatted(name, name, USERS, ADMINS, flags);
    }

    private static String sso(String body) {
        return "<?xml version=\"1.0\"?>\n<SSO>\n" + body + "</SSO>\n";
    }

    private static JsonNode json(CliCluster.Run run) throws Exception {
        return JSON.readTree(ok(run).out());
    }

    @Test
    void everyVerbHasHelp() {
        for (String verb : List.of(
                "-server",
                "-serverall",
                "-showserver",
                "-displaydb",
                "-updatedb",
                "-enablesso",
                "-disablesso",
                "-enable",
                "-disable",
                "-createapps",
                "-updateapps",
                "-deleteapp",
                "-enableapp",
                "-disableapp",
                "-listapps",
                "-displayapp",
                "-purgecache",
                "-createmappings",
                "-deletemappings",
                "-deletemapping",
                "-enablemapping",
                "-disablemapping",
                "-listmappings",
                "-setcredentials",
                "-tickets",
                "-listgroups",
                "-addgroupmember",
                "-removegroupmember")) {
            CliCluster.Run help = ok(cli.manage(ADMIN, verb, "--help"));
            assertThat(help.out()).contains("Usage: ssomanage").contains(verb);
        }
        for (String verb : List.of(
                "-server",
                "-showserver",
                "-listapps",
                "-displayapp",
                "-listmappings",
                "-setcredentials",
                "-enablemapping",
                "-disablemapping",
                "-deletemapping")) {
            assertThat(ok(cli.client(ALICE, verb, "--help")).out())
                    .contains("Usage: ssoclient")
                    .contains(verb);
        }
        fails(2, cli.manage(ADMIN, "-nosuchverb"));
        fails(2, cli.manage(ADMIN, "-listapps", "-displaydb"));
    }

    @Test
    void createApps_thenDisplayAsXml_andUpdateFromThatFile_givesTheSameState() throws Exception {
        Path apps = file(
                "apps.xml",
                sso(application("Payroll", "enableApp=\"yes\" allowTickets=\"no\"")
                        + application("Ledger", "hostInitiatedSSO=\"yes\" validatePassword=\"no\"")));
        CliCluster.Run created = ok(cli.manage(ADMIN, "-createapps", apps.toString()));
        assertThat(created.out())
                .contains("2 application(s) created")
                .contains("The operation completed successfully.");

        CliCluster.Run listed = ok(cli.manage(ADMIN, "-listapps"));
        assertThat(listed.out()).containsPattern("\\(E\\) Payroll").containsPattern("\\(D\\) Ledger");
        JsonNode ledger = json(cli.manage(ADMIN, "-displayapp", "Ledger", "--output", "json"));
        assertThat(ledger.get("flagNames").toString()).contains("hostInitiated").doesNotContain("validatePassword");
        assertThat(ledger.get("description").asText()).isEqualTo("Ledger & co");
        assertThat(ok(cli.manage(ADMIN, "-displayapp", "Ledger")).out())
                .contains("Application Name: Ledger")
                .contains("Type:                       Individual")
                .contains("1  Password  (masked)");

        Path saved = file(
                "ledger.xml",
                ok(cli.manage(ADMIN, "-displayapp", "Ledger", "--output", "xml"))
                        .out());
        ok(cli.manage(ADMIN, "-updateapps", saved.toString()));
        assertThat(json(cli.manage(ADMIN, "-displayapp", "Ledger", "-json"))).isEqualTo(ledger);

        // An edited copy changes what it names.
        Files.writeString(saved, Files.readString(saved).replace("Ledger &amp; co", "General ledger"));
        ok(cli.manage(ADMIN, "-updateapps", saved.toString()));
        assertThat(json(cli.manage(ADMIN, "-displayapp", "Ledger", "-json"))
                        .get("description")
                        .asText())
                .isEqualTo("General ledger");

        // Fields are fixed at creation: a file that changes them is refused before anything is sent.
        Files.writeString(saved, Files.readString(saved).replace("label=\"Password\"", "label=\"PIN\""));
        assertThat(fails(2, cli.manage(ADMIN, "-updateapps", saved.toString())).err())
                .contains("ledger.xml:")
                .contains("fields cannot change");
    }

    @Test
    void aFileThatFailsOnItsThirdApplicationLeavesNothingBehind_andSaysWhere() throws Exception {
        ok(cli.manage(
                ADMIN,
                "-createapps",
                file("first.xml", sso(application("Existing", ""))).toString()));
        Path apps =
                file("third.xml", sso(application("New1", "") + application("New2", "") + application("EXISTING", "")));
        CliCluster.Run refused = fails(1, cli.manage(ADMIN, "-createapps", apps.toString()));
        assertThat(refused.err()).contains("third.xml:").contains("Application 3 (EXISTING), nothing applied");
        assertThat(ok(cli.manage(ADMIN, "-listapps")).out())
                .doesNotContain("New1")
                .doesNotContain("New2");

        Path malformed = file("broken.xml", sso(application("Broken", "").replace("</contact>", "")));
        CliCluster.Run bad = fails(2, cli.manage(ADMIN, "-createapps", malformed.toString()));
        assertThat(bad.err()).containsPattern("broken\\.xml:\\d+:\\d+: ").contains("nothing applied");
        assertThat(ok(cli.manage(ADMIN, "-listapps")).out()).doesNotContain("Broken");

        fails(2, cli.manage(ADMIN, "-createapps", dir.resolve("missing.xml").toString()));
    }

    @Test
    void applicationVerbsAreForAdministrators() throws Exception {
        ok(cli.manage(
                ADMIN, "-createapps", file("hr.xml", sso(application("HR", ""))).toString()));
        assertThat(fails(
                                1,
                                cli.manage(
                                        ALICE,
                                        "-createapps",
                                        file("hr2.xml", sso(application("HR2", "")))
                                                .toString()))
                        .err())
                .startsWith("ssomanage: [11042]");
        fails(1, cli.manage(ALICE, "-enableapp", "HR"));
        fails(1, cli.manage(ALICE, "-deleteapp", "HR"));
        fails(1, cli.manage(ALICE, "-purgecache", "HR"));
        ok(cli.manage(ADMIN, "-enableapp", "HR"));
        assertThat(ok(cli.manage(ADMIN, "-purgecache", "HR")).out()).contains("dropped its cached credentials of HR");
        ok(cli.manage(ADMIN, "-disableapp", "HR"));
        assertThat(ok(cli.manage(ADMIN, "-listapps")).out()).containsPattern("\\(D\\) HR ");
        ok(cli.manage(ADMIN, "-deleteapp", "HR"));
        assertThat(fails(1, cli.manage(ADMIN, "-displayapp", "HR")).err()).startsWith("ssomanage: [10756]");
        fails(2, cli.manage(ADMIN, "-listapps", "some"));
    }

    @Test
    void mappingsFromAFile_credentialsWithoutEcho_andTheUserLooksThemUp() throws Exception {
        ok(cli.manage(
                ADMIN,
                "-createapps",
                file("sap.xml", sso(application("SAP", "enableApp=\"yes\""))).toString()));
        Path mappings = file("mappings.xml", sso("""
                  <mapping>
                    <windowsDomain>LOCAL</windowsDomain>
                    <windowsUserId>alice</windowsUserId>
                    <externalApplication>SAP</externalApplication>
                    <externalUserId>alice_sap</externalUserId>
                  </mapping>
                """));
        ok(cli.manage(ADMIN, "-createmappings", mappings.toString()));
        assertThat(ok(cli.manage(ADMIN, "-listmappings", "SAP")).out())
                .containsPattern("\\(D\\) SAP +LOCAL\\\\alice +alice_sap");
        assertThat(fails(1, cli.manage(ADMIN, "-createmappings", mappings.toString()))
                        .err())
                .contains("mappings.xml:");

        Path passwords = dir.resolve("alice.pwd");
        Files.writeString(passwords, "s3cret-from-file\n");
        assertThat(fails(2, cli.manage(ADMIN, "-setcredentials", ALICE, "SAP", "--password-file", passwords.toString()))
                        .err())
                .contains("chmod 600");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        ok(cli.manage(ADMIN, "-setcredentials", ALICE, "SAP", "--password-file", passwords.toString()));
        assertThat(ok(cli.manage(ADMIN, "-listmappings", ALICE, "SAP")).out()).contains("(E) SAP");
        try (SsoClient alice = cli.client(ALICE)) {
            SsoCredentials credentials = alice.getCredentials("SAP");
            assertThat(credentials.externalUser()).isEqualTo("alice_sap");
            assertThat(new String(credentials.field(1))).isEqualTo("s3cret-from-file");
        }

        // Without a mapping: the terminal asks for the external user id, then the password twice, without echo.
        CliCluster.ScriptedTerminal terminal =
                new CliCluster.ScriptedTerminal(new ArrayDeque<>(List.of("bob_sap", "typed-pw", "typed-pw")));
        ok(cli.run(true, ADMIN, java.util.Optional.of(terminal), "-setcredentials", BOB, "SAP"));
        assertThat(terminal.prompts).hasSize(3);
        assertThat(terminal.prompts.peekLast()).startsWith("Confirm Password");
        assertThat(ok(cli.manage(ADMIN, "-listmappings", BOB)).out())
                .containsPattern("\\(E\\) SAP +LOCAL\\\\bob +bob_sap");
        CliCluster.ScriptedTerminal typo = new CliCluster.ScriptedTerminal(new ArrayDeque<>(List.of("one", "two")));
        assertThat(fails(2, cli.run(true, ADMIN, java.util.Optional.of(typo), "-setcredentials", BOB, "SAP"))
                        .err())
                .contains("differ");

        fails(1, cli.manage(BOB, "-disablemapping", ALICE, "SAP"));
        ok(cli.manage(ADMIN, "-disablemapping", ALICE, "SAP"));
        assertThat(ok(cli.manage(ADMIN, "-listmappings", ALICE)).out()).contains("(D) SAP");
        ok(cli.manage(ADMIN, "-enablemapping", ALICE, "SAP"));
        fails(1, cli.manage(ADMIN, "-deletemapping", ALICE, "SAP"));
        ok(cli.manage(ADMIN, "-disablemapping", ALICE, "SAP"));
        ok(cli.manage(ADMIN, "-deletemapping", ALICE, "SAP"));
        assertThat(ok(cli.manage(ADMIN, "-listmappings", ALICE)).out()).doesNotContain("SAP");

        ok(cli.manage(ADMIN, "-disablemapping", BOB, "SAP"));
        Path bobs = file(
                "bob-mappings.xml",
                ok(cli.manage(ADMIN, "-listmappings", BOB, "--output", "xml")).out());
        ok(cli.manage(ADMIN, "-deletemappings", bobs.toString()));
        assertThat(ok(cli.manage(ADMIN, "-listmappings", "SAP")).out()).contains("(none)");
        fails(2, cli.manage(ADMIN, "-listmappings", "no-backslash-user", "SAP"));
    }

    @Test
    void globalSettings_tickets_hisso_andSso() throws Exception {
        ok(cli.manage(ADMIN, "-tickets", "YES", "off"));
        JsonNode global = json(cli.manage(ADMIN, "-displaydb", "-json"));
        assertThat(global.get("allowTickets").asBoolean()).isTrue();
        assertThat(global.get("validateTickets").asBoolean()).isFalse();
        assertThat(ok(cli.manage(ADMIN, "-displaydb")).out())
                .contains("Tickets allowed:")
                .contains("Yes");
        fails(2, cli.manage(ADMIN, "-tickets", "maybe", "yes"));
        assertThat(fails(1, cli.manage(ALICE, "-tickets", "no", "yes")).err()).startsWith("ssomanage: [11042]");
        ok(cli.manage(ADMIN, "-tickets", "no", "yes"));

        ok(cli.manage(ADMIN, "-enable", "hisso"));
        assertThat(json(cli.manage(ADMIN, "-displaydb", "-json"))
                        .get("hostInitiated")
                        .asBoolean())
                .isTrue();
        ok(cli.manage(ADMIN, "-disable", "HISSO"));
        fails(2, cli.manage(ADMIN, "-enable", "winsync"));

        ok(cli.manage(ADMIN, "-disablesso"));
        assertThat(json(cli.manage(ADMIN, "-displaydb", "-json"))
                        .get("ssoEnabled")
                        .asBoolean())
                .isFalse();
        ok(cli.manage(ADMIN, "-enablesso"));

        // -displaydb as XML, replayed with -updatedb, changes nothing; an edited copy changes what it names.
        JsonNode before = json(cli.manage(ADMIN, "-displaydb", "-json"));
        Path saved = file(
                "global.xml",
                ok(cli.manage(ADMIN, "-displaydb", "--output", "xml")).out());
        ok(cli.manage(ADMIN, "-updatedb", saved.toString()));
        JsonNode after = json(cli.manage(ADMIN, "-displaydb", "-json"));
        assertThat(withoutStamp(after)).isEqualTo(withoutStamp(before));
        Files.writeString(saved, Files.readString(saved).replaceAll("<ticketTimeout>\\d+<", "<ticketTimeout>7<"));
        ok(cli.manage(ADMIN, "-updatedb", saved.toString()));
        assertThat(json(cli.manage(ADMIN, "-displaydb", "-json"))
                        .get("ticketTimeout")
                        .asInt())
                .isEqualTo(7);

        Path move =
                file("move.xml", sso("  <globalInfo>\n    <secretServer>elsewhere</secretServer>\n  </globalInfo>\n"));
        assertThat(fails(1, cli.manage(ADMIN, "-updatedb", move.toString())).err())
                .contains("cluster group move");
        assertThat(fails(1, cli.manage(ALICE, "-displaydb")).err()).startsWith("ssomanage: [11042]");
    }

    private static JsonNode withoutStamp(JsonNode global) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) global).remove("updateStamp");
        return global;
    }

    @Test
    void groupMembers() throws Exception {
        ok(cli.manage(ADMIN, "-addgroupmember", "LOCAL\\Auditors", "LOCAL\\carol"));
        assertThat(ok(cli.manage(ADMIN, "-listgroups", "LOCAL\\Auditors")).out())
                .contains("LOCAL\\carol");
        assertThat(fails(1, cli.manage(ALICE, "-addgroupmember", "LOCAL\\Auditors", ALICE))
                        .err())
                .startsWith("ssomanage: [11042]");
        ok(cli.manage(ADMIN, "-removegroupmember", "LOCAL\\Auditors", "LOCAL\\carol"));
        fails(1, cli.manage(ADMIN, "-removegroupmember", "LOCAL\\Auditors", "LOCAL\\carol"));
        fails(2, cli.manage(ADMIN, "-addgroupmember", "LOCAL\\Auditors", "carol"));
    }

    @Test
    void serverChoice_perUserAndMachine() throws Exception {
        String principal = "LOCAL\\operator";
        assertThat(ok(cli.manage(principal, "-showserver")).out()).contains("(not set)");
        fails(2, cli.manage(principal, "-server", "http://host:1"));
        fails(2, cli.manage(principal, "-server", "no-port"));
        String endpoint = Files.readAllLines(cli.clientConfig(ADMIN)).stream()
                .filter(l -> l.startsWith("client.servers="))
                .findFirst()
                .orElseThrow()
                .substring("client.servers=".length())
                .split(",")[0];
        ok(cli.manage(principal, "-server", endpoint.replace("https://", "")));
        assertThat(ok(cli.manage(principal, "-showserver")).out()).contains("Current user's SSO server: " + endpoint);
        // The chosen server answers (the operator may list its own, empty, mappings).
        assertThat(ok(cli.manage(principal, "-listmappings", principal)).out()).contains("(none)");
        ok(cli.manage(principal, "-server", "127.0.0.1:1"));
        assertThat(fails(1, cli.manage(principal, "-listmappings", principal)).err())
                .startsWith("ssomanage: [");
        Files.delete(cli.clientConfig(principal).getParent().resolve("user").resolve(Environment.SERVER_FILE));
        ok(cli.manage(principal, "-serverall", endpoint));
        assertThat(ok(cli.manage(principal, "-showserver")).out()).contains("All users' SSO server:     " + endpoint);
    }

    @Test
    void ssoclientActsOnTheCallersOwnMappingsOnly() throws Exception {
        ok(cli.manage(
                ADMIN,
                "-createapps",
                file("crm.xml", sso(application("CRM", "enableApp=\"yes\""))).toString()));
        Path pw = dir.resolve("crm.pwd");
        Files.writeString(pw, "alice-crm\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        ok(cli.client(
                ALICE, "-setcredentials", "CRM", "--external-user", "alice_crm", "--password-file", pw.toString()));
        ok(cli.client(BOB, "-setcredentials", "CRM", "--external-user", "bob_crm", "--password-file", pw.toString()));
        String aliceSees = ok(cli.client(ALICE, "-listmappings")).out();
        assertThat(aliceSees).contains("(E) CRM").contains("alice_crm").doesNotContain("bob_crm");
        assertThat(ok(cli.client(ALICE, "-listapps")).out()).contains("CRM");
        assertThat(ok(cli.client(ALICE, "-displayapp", "CRM")).out()).contains("Application Name: CRM");
        ok(cli.client(ALICE, "-disablemapping", "CRM"));
        assertThat(ok(cli.client(ALICE, "-listmappings")).out()).contains("(D) CRM");
        ok(cli.client(ALICE, "-enablemapping", "CRM"));
        fails(1, cli.client(ALICE, "-deletemapping", "CRM"));
        ok(cli.client(ALICE, "-disablemapping", "CRM"));
        ok(cli.client(ALICE, "-deletemapping", "CRM"));
        assertThat(ok(cli.client(BOB, "-listmappings")).out()).contains("bob_crm");
        fails(2, cli.client(ALICE, "-setcredentials", "CRM"));
        fails(2, cli.client(ALICE, "-listmappings", "--output", "xml"));
        JsonNode mine = json(cli.client(BOB, "-listmappings", "-json"));
        assertThat(mine.get("mappings")).hasSize(1);
    }
}
