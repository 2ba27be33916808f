package org.entsso.sso.admin.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.entsso.sso.AppFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** display -> file -> update gives the same state: what the writers write, the readers read back unchanged. */
class SsoXmlRoundTripTest {
    static final String ODD = "R&D <ops> \"quoted\" 'single' Zürich 東京 \uD83D\uDD11 a]]>b\ttab\nsecond line";

    @TempDir
    Path dir;

    @Test
    void applications_writtenThenRead_areEqual_withOddCharactersInEveryText() throws Exception {
        ApplicationXml odd = new ApplicationXml(
                "Odd&<\"App\">",
                Optional.of("group"),
                Optional.of(ODD),
                Optional.of("O'Brien & Söhne <ops@contoso.com>"),
                List.of("CONTOSO\\SAP  Users &\tFriends", "CONTOSO\\Ünïcode"),
                List.of("CONTOSO\\SAP <Admins>"),
                List.of(
                        new FieldXml(0, "User \"ID\" & <name>", false, false),
                        new FieldXml(1, "Pass\nword", true, true)),
                AppFlags.GROUP_MAPPING | AppFlags.WINDOWS_INITIATED | AppFlags.DISABLE_CREDENTIAL_CACHE,
                AppFlags.GROUP_MAPPING
                        | AppFlags.WINDOWS_INITIATED
                        | AppFlags.HOST_INITIATED
                        | AppFlags.DISABLE_CREDENTIAL_CACHE
                        | AppFlags.USERS_CANNOT_CREATE_MAPPINGS,
                OptionalInt.of(30),
                Location.of("api"));
        List<ApplicationXml> written = new ArrayList<>(applications(3));
        written.add(odd);

        Path file = write("apps.xml", SsoXml.writeApplications(written));
        List<ApplicationXml> read = SsoXml.readApplications(file).applications();

        assertThat(read)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("location")
                .isEqualTo(written);
        assertThat(read.get(3).location()).isEqualTo(new Location(file.toString(), 27, 3));
    }

    @Test
    void applicationUpdates_writtenWithoutFields_areEqualWhenRead() throws Exception {
        ApplicationXml update = new ApplicationXml(
                "SAP",
                Optional.empty(),
                Optional.of(""),
                Optional.empty(),
                List.of(),
                List.of("CONTOSO\\SAP Admins"),
                List.of(),
                AppFlags.ENABLED,
                AppFlags.ENABLED | AppFlags.ALLOW_TICKETS,
                OptionalInt.empty(),
                Location.of("api"));

        List<ApplicationXml> read = SsoXml.readApplicationUpdates(SsoXml.writeApplications(List.of(update)), "u.xml")
                .applications();

        assertThat(read)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("location")
                .containsExactly(update);
    }

    @Test
    void mappings_writtenThenRead_areEqual_withOddCharacters() throws Exception {
        List<MappingXml> written = new ArrayList<>(mappings(3));
        written.add(new MappingXml("CONTOSO", "jürgen&<x>", "SAP", ODD.replace("\n", " "), Location.of("api")));

        Path file = write("mappings.xml", SsoXml.writeMappings(written));
        List<MappingXml> read = SsoXml.readMappings(file).mappings();

        assertThat(read)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("location")
                .isEqualTo(written);
    }

    @Test
    void globalInfo_writtenThenRead_isEqual_allOrSomeSettings() throws Exception {
        GlobalInfoXml all = new GlobalInfoXml(
                Optional.of("CONTOSO\\SSO Administrators"),
                Optional.of("CONTOSO\\SSO Affiliate & Co"),
                Optional.of("node1"),
                OptionalInt.of(1000),
                OptionalInt.of(2000),
                OptionalInt.of(3000),
                OptionalInt.of(2),
                OptionalInt.of(60),
                Location.of("api"));
        GlobalInfoXml some = new GlobalInfoXml(
                Optional.empty(),
                Optional.empty(),
                Optional.of("CLUSTERNAME"),
                OptionalInt.empty(),
                OptionalInt.empty(),
                OptionalInt.empty(),
                OptionalInt.of(525600),
                OptionalInt.empty(),
                Location.of("api"));

        for (GlobalInfoXml info : List.of(all, some)) {
            GlobalInfoXml read = SsoXml.readGlobalInfo(write("db.xml", SsoXml.writeGlobalInfo(info)))
                    .globalInfo();
            assertThat(read)
                    .usingRecursiveComparison()
                    .ignoringFields("location")
                    .isEqualTo(info);
        }
    }

    @Test
    void writer_refusesCharactersNoXmlFileCanHold() {
        MappingXml bad = new MappingXml("CONTOSO", "bell\u0007", "SAP", "x", Location.of("api"));

        assertThatThrownBy(() -> SsoXml.writeMappings(List.of(bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0007");
    }

    @Test
    void writtenFile_hasTheSsoRootAndIsIndented() {
        String xml = SsoXml.writeMappings(mappings(1));

        assertThat(xml)
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SSO>\n  <mapping>\n"
                        + "    <windowsDomain>CONTOSO</windowsDomain>\n")
                .endsWith("  </mapping>\n</SSO>\n");
    }

    static List<MappingXml> mappings(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new MappingXml("CONTOSO", "user" + i, "SAP", "ext" + i, Location.of("api")))
                .toList();
    }

    static List<ApplicationXml> applications(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new ApplicationXml(
                        "App" + i,
                        Optional.of("individual"),
                        Optional.of("application " + i),
                        Optional.empty(),
                        List.of("CONTOSO\\Users" + i),
                        List.of("CONTOSO\\Admins" + i),
                        List.of(new FieldXml(0, "User ID", false, false), new FieldXml(1, "Password", true, false)),
                        AppFlags.DEFAULT_APP_FLAGS,
                        AppFlags.DEFAULT_APP_FLAGS | AppFlags.ENABLED,
                        OptionalInt.empty(),
                        Location.of("api")))
                .toList();
    }

    private Path write(String name, String xml) throws Exception {
        return Files.writeString(dir.resolve(name), xml, StandardCharsets.UTF_8);
    }
}
