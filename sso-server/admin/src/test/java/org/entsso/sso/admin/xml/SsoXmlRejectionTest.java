package org.entsso.sso.admin.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed file is refused whole, each problem with its line and column. */
class SsoXmlRejectionTest {
    @TempDir
    Path dir;

    @Test
    void unclosedTag_isNotWellFormed_atTheLineWhereItShows() {
        SsoXmlException e = refusedApplications("""
                <SSO>
                  <application name="A">
                    <field ordinal="0" label="User"/>
                </SSO>
                """);

        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage())
                .startsWith("bad.xml:4:3: not well-formed XML")
                .contains("application");
    }

    @Test
    void unknownElement_isRefusedAtItsLine() {
        SsoXmlException e = refusedApplications("""
                <SSO>
                  <application name="A">
                    <password>secret</password>
                    <field ordinal="0" label="User"/>
                  </application>
                </SSO>
                """);

        assertThat(e.getMessage()).startsWith("bad.xml:3:").contains("'password'");
    }

    @Test
    void wrongTypes_areAllReported_notJustTheFirst() {
        SsoXmlException e = refusedApplications("""
                <SSO>
                  <application name="A">
                    <field ordinal="x" label="User" masked="maybe"/>
                    <ticketTimeoutMinutes>0</ticketTimeoutMinutes>
                  </application>
                </SSO>
                """);

        assertThat(e.problems())
                .extracting(Problem::toString)
                .containsExactly(
                        "bad.xml:3:53: The value 'x' of attribute 'ordinal' on element 'field' is not valid:"
                                + " expected a whole number from 0",
                        "bad.xml:3:53: The value 'maybe' of attribute 'masked' on element 'field' is not valid:"
                                + " expected yes or no (also true/false or on/off, in any case)",
                        "bad.xml:4:51: The value '0' of element 'ticketTimeoutMinutes' is not valid:"
                                + " expected a whole number of minutes from 1 to 525600");
        assertThat(e.getMessage()).endsWith("(and 2 more)");
    }

    @Test
    void globalTicketTimeoutOfZero_isOutOfRange() {
        SsoXmlException e = catchThrowableOfType(
                () -> SsoXml.readGlobalInfo(
                        "<SSO>\n  <globalInfo>\n    <ticketTimeout>0</ticketTimeout>\n  </globalInfo>\n</SSO>",
                        "db.xml"),
                SsoXmlException.class);

        assertThat(e.getMessage())
                .startsWith("db.xml:3:")
                .contains("'ticketTimeout'")
                .contains("1 to 525600");
    }

    @Test
    void externalEntity_isRefusedAtTheDoctype_andNothingIsReadOrFetched() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        Path passwd = Path.of("/etc/passwd");
        String passwdLine =
                Files.isReadable(passwd) ? Files.readAllLines(passwd).get(0) : "root:";
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            listener.configureBlocking(false);
            String http = "http://127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort() + "/x";

            for (String uri : new String[] {secret.toUri().toString(), "file:///etc/passwd", http}) {
                String xml = "<!DOCTYPE SSO [<!ENTITY x SYSTEM \"" + uri + "\">]>\n"
                        + "<SSO><mapping><windowsDomain>D</windowsDomain><windowsUserId>a</windowsUserId>"
                        + "<externalApplication>SAP</externalApplication><externalUserId>&x;</externalUserId>"
                        + "</mapping></SSO>";

                SsoXmlException e =
                        catchThrowableOfType(() -> SsoXml.readMappings(xml, "xxe.xml"), SsoXmlException.class);

                assertThat(e.problems()).hasSize(1);
                assertThat(e.getMessage())
                        .isEqualTo("xxe.xml:1:10: DTDs and entities are not allowed in SSO files (a DOCTYPE was"
                                + " refused)")
                        .doesNotContain("TOP-SECRET")
                        .doesNotContain(passwdLine);
            }
            // The parse is synchronous: a fetch of the http entity would have completed its TCP handshake by now.
            assertThat(listener.accept()).isNull();
        }
    }

    @Test
    void billionLaughs_isRefusedAtTheDoctype() {
        String lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE SSO [\n <!ENTITY lol \"lol\">\n"
                + IntStream.rangeClosed(1, 9)
                        .mapToObj(i -> " <!ENTITY lol" + i + " \"" + ("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)
                                + "\">\n")
                        .collect(Collectors.joining())
                + "]>\n<SSO><globalInfo><secretServer>&lol9;</secretServer></globalInfo></SSO>";

        SsoXmlException e = catchThrowableOfType(() -> SsoXml.readGlobalInfo(lol, "lol.xml"), SsoXmlException.class);

        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage())
                .isEqualTo("lol.xml:2:10: DTDs and entities are not allowed in SSO files (a DOCTYPE was refused)");
    }

    @Test
    void duplicateApplicationNames_caseInsensitive_nameBothLocations() {
        SsoXmlException e = refusedApplications("""
                <SSO>
                  <application name="SAP"><field ordinal="0" label="User"/></application>
                  <application name="sap"><field ordinal="0" label="User"/></application>
                </SSO>
                """);

        assertThat(e.problems())
                .extracting(Problem::toString)
                .containsExactly("bad.xml:3:3: application sap is defined twice (names are case-insensitive):"
                        + " here and at bad.xml:2:3");
    }

    @Test
    void duplicateMappings_caseInsensitive_nameBothLocations() {
        String mapping = "  <mapping><windowsDomain>%s</windowsDomain><windowsUserId>%s</windowsUserId>"
                + "<externalApplication>%s</externalApplication><externalUserId>ext</externalUserId></mapping>\n";
        String xml = "<SSO>\n" + mapping.formatted("CONTOSO", "alice", "SAP")
                + mapping.formatted("CONTOSO", "bob", "SAP") + mapping.formatted("contoso", "ALICE", "sap") + "</SSO>";

        SsoXmlException e = catchThrowableOfType(() -> SsoXml.readMappings(xml, "m.xml"), SsoXmlException.class);

        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage())
                .isEqualTo("m.xml:4:3: mapping of contoso\\ALICE to ext in application sap is listed twice: here and"
                        + " at m.xml:2:3");
    }

    @Test
    void fieldOrdinalGap_fieldZeroMaskedAndTwoSyncFields_areEachReported() {
        SsoXmlException e = refusedApplications("""
                <SSO>
                  <application name="A">
                    <field ordinal="0" label="User" masked="yes"/>
                    <field ordinal="2" label="Password" sync="yes"/>
                    <field ordinal="3" label="PIN" sync="yes"/>
                  </application>
                </SSO>
                """);

        assertThat(e.problems())
                .extracting(Problem::toString)
                .containsExactly(
                        "bad.xml:3:5: application A: field 0 (the external user id) cannot be masked; set"
                                + " masked=\"no\"",
                        "bad.xml:4:5: application A: field ordinal=\"2\" is field number 1 of the application;"
                                + " ordinals run 0, 1, 2, ... in order, each once (expected ordinal=\"1\")",
                        "bad.xml:5:5: application A: field ordinal=\"3\" is field number 2 of the application;"
                                + " ordinals run 0, 1, 2, ... in order, each once (expected ordinal=\"2\")",
                        "bad.xml:5:5: application A: at most one field can be sync=\"yes\" (the first one is at"
                                + " bad.xml:4:5)");
    }

    @Test
    void createWithoutFields_isRefused() {
        SsoXmlException e = refusedApplications("<SSO>\n  <application name=\"A\"/>\n</SSO>");

        assertThat(e.getMessage()).startsWith("bad.xml:2:3: application A: needs at least one field");
    }

    @Test
    void fieldsInAnUpdateFile_areReadWithTheCreateChecks_forTheCommandLineToCompare() throws Exception {
        assertThat(SsoXml.readApplicationUpdates(SsoXmlSamplesTest.MICROSOFT_APPLICATION, "upd.xml")
                        .applications()
                        .get(0)
                        .fields())
                .extracting(FieldXml::label)
                .containsExactly("User ID", "Password");
        SsoXmlException e = catchThrowableOfType(
                () -> SsoXml.readApplicationUpdates(
                        SsoXmlSamplesTest.MICROSOFT_APPLICATION.replace("ordinal=\"1\"", "ordinal=\"2\""), "upd.xml"),
                SsoXmlException.class);
        assertThat(e.getMessage()).startsWith("upd.xml:");
    }

    @Test
    void allowLocalAccountsYes_synonymsThatDisagree_andATypeThatContradictsTheFlags_areRefused() {
        SsoXmlException e = refusedApplications("""
                <SSO>
                  <application name="A" type="individual">
                    <field ordinal="0" label="User"/>
                    <flags allowLocalAccounts="yes" timeoutTickets="yes" ticketTimeout="no" groupApp="yes"/>
                  </application>
                </SSO>
                """);

        assertThat(e.problems())
                .extracting(Problem::message)
                .containsExactlyInAnyOrder(
                        "application A: timeoutTickets and ticketTimeout disagree; keep one of them",
                        "application A: allowLocalAccounts=\"yes\" is not supported: this SSO system maps domain"
                                + " accounts only; remove the attribute or set it to \"no\"",
                        "application A: type=\"individual\" contradicts groupApp=\"yes\"; remove one of them");
    }

    @Test
    void moreThanTenThousandMappings_isRefused_sayingTheCap() {
        String mappings = IntStream.rangeClosed(0, SsoXml.MAX_PER_FILE)
                .mapToObj(i -> "<mapping><windowsDomain>D</windowsDomain><windowsUserId>u" + i + "</windowsUserId>"
                        + "<externalApplication>SAP</externalApplication><externalUserId>e" + i + "</externalUserId>"
                        + "</mapping>\n")
                .collect(Collectors.joining());

        SsoXmlException e = catchThrowableOfType(
                () -> SsoXml.readMappings("<SSO>\n" + mappings + "</SSO>", "many.xml"), SsoXmlException.class);

        assertThat(e.problems())
                .extracting(Problem::toString)
                .containsExactly("many.xml:10002:1: more than 10,000 <mapping> elements in one file: split it into"
                        + " files of at most 10,000");
    }

    @Test
    void aFileOfAnotherKind_orWithNoContent_isRefused() {
        SsoXmlException wrongKind = catchThrowableOfType(
                () -> SsoXml.readMappings(SsoXmlSamplesTest.MICROSOFT_APPLICATION, "apps.xml"), SsoXmlException.class);
        SsoXmlException empty =
                catchThrowableOfType(() -> SsoXml.readMappings("<SSO/>", "empty.xml"), SsoXmlException.class);
        SsoXmlException otherRoot =
                catchThrowableOfType(() -> SsoXml.readMappings("<mappings/>", "root.xml"), SsoXmlException.class);

        assertThat(wrongKind.getMessage())
                .isEqualTo("apps.xml:2:3: this file holds <application> elements, but -createmappings and"
                        + " -deletemappings read a file of <mapping> elements");
        assertThat(empty.getMessage()).startsWith("empty.xml:1:").contains("application, mapping, globalInfo");
        assertThat(otherRoot.getMessage()).startsWith("root.xml:1:").contains("'mappings'");
    }

    @Test
    void entityReferenceWithoutDoctype_isNotWellFormed() {
        SsoXmlException e =
                catchThrowableOfType(() -> SsoXml.readMappings("<SSO>&x;</SSO>", "e.xml"), SsoXmlException.class);

        assertThat(e.getMessage()).startsWith("e.xml:1:").contains("\"x\"");
    }

    @Test
    void missingOrOversizedFile_isAProblemOfTheWholeFile() throws Exception {
        Path missing = dir.resolve("missing.xml");
        Path big = dir.resolve("big.xml");
        try (var out = Files.newOutputStream(big)) {
            byte[] chunk = " ".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i <= SsoXml.MAX_FILE_BYTES / chunk.length; i++) {
                out.write(chunk);
            }
        }

        SsoXmlException gone = catchThrowableOfType(() -> SsoXml.readMappings(missing), SsoXmlException.class);
        SsoXmlException tooBig = catchThrowableOfType(() -> SsoXml.readMappings(big), SsoXmlException.class);

        assertThat(gone.getMessage()).isEqualTo(missing + ": no such file");
        assertThat(tooBig.getMessage())
                .isEqualTo(big + ": the file is larger than 64 MiB; split it (at most 10,000"
                        + " applications or mappings per file)");
    }

    private static SsoXmlException refusedApplications(String xml) {
        return catchThrowableOfType(() -> SsoXml.readApplications(xml, "bad.xml"), SsoXmlException.class);
    }
}
