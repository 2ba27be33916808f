package org.entsso.sso.admin.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.entsso.sso.AppFlags;
import org.junit.jupiter.api.Test;

/** Microsoft's sample files (anchors/entsso.md section 2) and the spellings its docs use parse as ENTSSO means them. */
class SsoXmlSamplesTest {
    static final String MICROSOFT_APPLICATION = """
            <SSO>
              <application name="SSOApp_Host1">
                <description>An Individual Type Affiliate Application</description>
                <contact>someone@companyname.com</contact>
                <appUserAccount>DomainName\\AppUserGroup</appUserAccount>
                <appAdminAccount>DomainName\\AppAdminGroup</appAdminAccount>
                <field ordinal="0" label="User ID" masked="no" />
                <field ordinal="1" label="Password" masked="yes" />
                <flags groupApp="no" configStoreApp="no" allowTickets="no" validateTickets="yes" allowLocalAccounts="no"
                       timeoutTickets="yes" adminAccountSame="no" enableApp="yes" hostInitiatedSSO="no"
                       windowsInitiatedSSO="yes" validatePassword="yes" disableCredCache="no" />
              </application>
            </SSO>
            """;

    @Test
    void microsoftsApplicationSample_parsesAsAnIndividualApplicationWithEveryNamedFlagInTheMask() throws Exception {
        ApplicationXml app = SsoXml.readApplications(MICROSOFT_APPLICATION, "sample.xml")
                .applications()
                .get(0);

        assertThat(app.name()).isEqualTo("SSOApp_Host1");
        assertThat(app.type()).contains("individual");
        assertThat(app.description()).contains("An Individual Type Affiliate Application");
        assertThat(app.contact()).contains("someone@companyname.com");
        assertThat(app.userAccounts()).containsExactly("DomainName\\AppUserGroup");
        assertThat(app.adminAccounts()).containsExactly("DomainName\\AppAdminGroup");
        assertThat(app.fields())
                .containsExactly(new FieldXml(0, "User ID", false, false), new FieldXml(1, "Password", true, false));
        assertThat(app.flags())
                .isEqualTo(AppFlags.VALIDATE_TICKETS
                        | AppFlags.TICKET_TIMEOUT
                        | AppFlags.ENABLED
                        | AppFlags.WINDOWS_INITIATED
                        | AppFlags.VERIFY_EXTERNAL_CREDENTIALS);
        assertThat(app.flagMask())
                .isEqualTo(AppFlags.GROUP_MAPPING
                        | AppFlags.CONFIG_STORE
                        | AppFlags.ALLOW_TICKETS
                        | AppFlags.VALIDATE_TICKETS
                        | AppFlags.TICKET_TIMEOUT
                        | AppFlags.ADMIN_ACCOUNT_SAME
                        | AppFlags.ENABLED
                        | AppFlags.HOST_INITIATED
                        | AppFlags.WINDOWS_INITIATED
                        | AppFlags.VERIFY_EXTERNAL_CREDENTIALS
                        | AppFlags.DISABLE_CREDENTIAL_CACHE);
        assertThat(app.ticketTimeoutMinutes()).isEmpty();
        assertThat(app.location()).hasToString("sample.xml:2:3");
    }

    @Test
    void microsoftsMappingSample_parsesWithTheAccountAsDomainBackslashUser() throws Exception {
        String xml = """
                <SSO>
                  <mapping>
                    <windowsDomain>CONTOSO</windowsDomain>
                    <windowsUserId>alice</windowsUserId>
                    <externalApplication>SAP</externalApplication>
                    <externalUserId>alice_sap</externalUserId>
                  </mapping>
                </SSO>
                """;

        MappingXml mapping = SsoXml.readMappings(xml, "m.xml").mappings().get(0);

        assertThat(mapping.account()).isEqualTo("CONTOSO\\alice");
        assertThat(mapping.externalApplication()).isEqualTo("SAP");
        assertThat(mapping.externalUserId()).isEqualTo("alice_sap");
        assertThat(mapping.location()).hasToString("m.xml:2:3");
    }

    @Test
    void microsoftsGlobalInfoSample_parsesEveryElement_lowerCaseRootAndDeclarationAccepted() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="utf-8"?>
                <sso>
                  <globalInfo>
                    <ssoAdminAccount>CONTOSO\\SSO Administrators</ssoAdminAccount>
                    <ssoAffiliateAdminAccount>CONTOSO\\SSO Affiliate Administrators</ssoAffiliateAdminAccount>
                    <secretServer>node1</secretServer>
                    <auditDeletedApps>1000</auditDeletedApps>
                    <auditDeletedMappings>1000</auditDeletedMappings>
                    <auditCredentialLookups>1000</auditCredentialLookups>
                    <ticketTimeout>2</ticketTimeout>
                    <credCacheTimeout>60</credCacheTimeout>
                  </globalInfo>
                </sso>
                """;

        GlobalInfoXml info = SsoXml.readGlobalInfo(xml, "db.xml").globalInfo();

        assertThat(info.ssoAdminAccount()).contains("CONTOSO\\SSO Administrators");
        assertThat(info.ssoAffiliateAdminAccount()).contains("CONTOSO\\SSO Affiliate Administrators");
        assertThat(info.secretServer()).contains("node1");
        assertThat(info.auditDeletedApps()).hasValue(1000);
        assertThat(info.auditDeletedMappings()).hasValue(1000);
        assertThat(info.auditCredentialLookups()).hasValue(1000);
        assertThat(info.ticketTimeout()).hasValue(2);
        assertThat(info.credCacheTimeout()).hasValue(60);
        assertThat(info.location()).hasToString("db.xml:3:3");
    }

    @Test
    void globalInfoWithOnlyTheSecretServer_changesNothingElse() throws Exception {
        GlobalInfoXml info = SsoXml.readGlobalInfo(
                        "<SSO><globalInfo><secretServer>CLUSTERNAME</secretServer></globalInfo></SSO>", "mss.xml")
                .globalInfo();

        assertThat(info.secretServer()).contains("CLUSTERNAME");
        assertThat(info.ssoAdminAccount()).isEmpty();
        assertThat(info.ticketTimeout()).isEmpty();
    }

    @Test
    void synonymsFromMicrosoftsDocs_setTheSameBitsAsTheCanonicalNames() throws Exception {
        ApplicationXml app = onlyFlags(
                "ticketTimeout=\"No\" adminGroupSame=\"TRUE\" allowLocalGroups=\"off\"" + " enableCache=\"no\"");

        assertThat(app.flagMask())
                .isEqualTo(AppFlags.TICKET_TIMEOUT | AppFlags.ADMIN_ACCOUNT_SAME | AppFlags.DISABLE_CREDENTIAL_CACHE);
        assertThat(app.flags()).isEqualTo(AppFlags.ADMIN_ACCOUNT_SAME | AppFlags.DISABLE_CREDENTIAL_CACHE);
    }

    @Test
    void enableCacheYes_clearsDisableCredCache() throws Exception {
        ApplicationXml app = onlyFlags("enableCache=\"ON\"");

        assertThat(app.flagMask()).isEqualTo(AppFlags.DISABLE_CREDENTIAL_CACHE);
        assertThat(app.flags()).isZero();
    }

    @Test
    void flagsNotNamed_stayOutOfTheMask_soACreateTakesTheTypesDefaults() throws Exception {
        ApplicationXml app = onlyFlags("usersCannotCreateMappings=\"yes\"");

        assertThat(app.flagMask()).isEqualTo(AppFlags.USERS_CANNOT_CREATE_MAPPINGS);
        assertThat(app.flags()).isEqualTo(AppFlags.USERS_CANNOT_CREATE_MAPPINGS);
        assertThat(app.type()).contains("individual");
    }

    @Test
    void typeIsDerivedFromTheFlags_whenNotGiven() throws Exception {
        assertThat(onlyFlags("configStoreApp=\"yes\"").type()).contains("configStore");
        assertThat(onlyFlags("groupApp=\"yes\"").type()).contains("group");
        assertThat(onlyFlags("groupApp=\"yes\" windowsInitiatedSSO=\"no\"").type())
                .contains("hostGroup");
        assertThat(onlyFlags("groupApp=\"yes\" hostInitiatedSSO=\"yes\"").type())
                .contains("hostGroup");
        assertThat(onlyFlags("groupApp=\"no\" hostInitiatedSSO=\"yes\"").type()).contains("individual");
    }

    @Test
    void extensions_typeTicketTimeoutAndSyncField_areRead() throws Exception {
        String xml = """
                <SSO>
                  <application name="HG" type="hostGroup">
                    <appUserAccount>CONTOSO\\hostuser</appUserAccount>
                    <appUserAccount>CONTOSO\\second</appUserAccount>
                    <field ordinal="0" label="User" />
                    <field ordinal="1" label="Password" masked="yes" sync="yes" />
                    <ticketTimeoutMinutes>525600</ticketTimeoutMinutes>
                  </application>
                </SSO>
                """;

        ApplicationXml app =
                SsoXml.readApplications(xml, "hg.xml").applications().get(0);

        assertThat(app.type()).contains("hostGroup");
        assertThat(app.userAccounts()).containsExactly("CONTOSO\\hostuser", "CONTOSO\\second");
        assertThat(app.fields().get(1).sync()).isTrue();
        assertThat(app.ticketTimeoutMinutes()).isEqualTo(OptionalInt.of(525600));
        assertThat(app.flagMask()).isZero();
    }

    @Test
    void anUpdateFile_carriesOnlyWhatItNames_andNoTypeUnlessGiven() throws Exception {
        String xml = "<SSO><application name=\"SAP\"><contact>ops@contoso.com</contact>"
                + "<flags enableApp=\"yes\"/></application></SSO>";

        ApplicationXml app =
                SsoXml.readApplicationUpdates(xml, "u.xml").applications().get(0);

        assertThat(app.type()).isEmpty();
        assertThat(app.description()).isEmpty();
        assertThat(app.contact()).contains("ops@contoso.com");
        assertThat(app.fields()).isEmpty();
        assertThat(app.flagMask()).isEqualTo(AppFlags.ENABLED);
        assertThat(app.flags()).isEqualTo(AppFlags.ENABLED);
    }

    @Test
    void manyApplicationsAndMappings_upToTheCaps_parse() throws Exception {
        List<MappingXml> mappings = SsoXmlRoundTripTest.mappings(SsoXml.MAX_PER_FILE);
        assertThat(SsoXml.readMappings(SsoXml.writeMappings(mappings), "big.xml")
                        .mappings())
                .hasSize(10_000);

        List<ApplicationXml> apps = SsoXmlRoundTripTest.applications(1_000);
        assertThat(SsoXml.readApplications(SsoXml.writeApplications(apps), "apps.xml")
                        .applications())
                .hasSize(1_000);
    }

    private static ApplicationXml onlyFlags(String attributes) throws SsoXmlException {
        String xml = "<SSO><application name=\"A\"><field ordinal=\"0\" label=\"User\"/><flags " + attributes
                + "/></application></SSO>";
        return SsoXml.readApplications(xml, "flags.xml").applications().get(0);
    }
}
