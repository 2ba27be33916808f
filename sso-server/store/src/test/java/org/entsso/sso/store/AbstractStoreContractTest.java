package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store's contract, run against every database it supports: H2 embedded, H2 over TCP, and SQL Server in a
 * container. One store per class; tests use their own names so that they do not depend on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractStoreContractTest implements FencingContract, ReencryptionContract {
    protected SsoStore store;
    private GlobalSettings defaults;

    /** Starts the database and returns a configuration for it. */
    protected abstract StoreConfig startDatabase() throws Exception;

    /** Stops the database (after the store is closed). */
    protected abstract void stopDatabase() throws Exception;

    @BeforeAll
    void openStore() throws Exception {
        store = SsoStore.open(startDatabase());
        defaults = store.read((StoreSession s) -> s.globalInfo().get().settings());
    }

    @AfterEach
    void restoreGlobalSettings() {
        store.inTransaction(
                Idempotency.IDEMPOTENT,
                s -> s.globalInfo().updateSettings(s.globalInfo().get().updateStamp(), defaults));
    }

    @AfterAll
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
        stopDatabase();
    }

    @Override
    public SsoStore store() {
        return store;
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public AffiliateApplication createApp(String name, int numFields) {
        return store.inTransaction(
                Idempotency.NOT_IDEMPOTENT,
                s -> s.applications()
                        .create(new ApplicationSpec(
                                name, "d", "ops@example.org", "App Users", "App Admins", 0x4, numFields)));
    }

    static EncryptedValue value(String text, UUID msid) {
        return new EncryptedValue(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), msid);
    }

    @Test
    void applicationNames_areUniqueIgnoringCaseAndKeepTheirCase() {
        String name = unique("Payroll");
        createApp(name, 2);

        assertThat(store.read((StoreSession s) ->
                        s.applications().get(name.toUpperCase()).name()))
                .isEqualTo(name);
        assertThatThrownBy(() -> createApp(name.toLowerCase(), 2))
                .isInstanceOf(SsoException.class)
                .extracting(e -> ((SsoException) e).error())
                .isEqualTo(SsoError.APPLICATION_EXISTS);
        assertThat(store.read((StoreSession s) -> s.applications().list()).stream()
                        .filter(a -> a.name().equalsIgnoreCase(name)))
                .hasSize(1);
    }

    @Test
    void createAll_createsEveryApplicationWithItsFields_orNoneNamingTheFirstTakenName() {
        String taken = unique("Taken");
        createApp(taken, 1);
        List<FieldInfo> fields =
                List.of(new FieldInfo(0, "User Id", false, false), new FieldInfo(1, "Pwd", true, false));
        List<ApplicationSpec> specs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            specs.add(new ApplicationSpec(unique("Bulk" + i), null, null, "Users", "Admins", 0x4, 2));
        }
        List<ApplicationSpec> withTaken = new java.util.ArrayList<>(specs);
        withTaken.add(new ApplicationSpec(taken.toUpperCase(), null, null, "Users", "Admins", 0x4, 1));
        assertThatThrownBy(() -> store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
                    s.applications().createAll(withTaken, List.of(fields, fields, fields, fields.subList(0, 1)));
                    return null;
                }))
                .isInstanceOfSatisfying(
                        BatchRowException.class, e -> assertThat(e.row()).isEqualTo(3))
                .hasMessageContaining("[10752]");
        assertThat(store.read(
                        (StoreSession s) -> s.applications().find(specs.get(0).name())))
                .isEmpty();

        store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.applications().createAll(specs, List.of(fields, fields, fields));
            return null;
        });
        assertThat(store.read(
                        (StoreSession s) -> s.applications().fields(specs.get(2).name())))
                .containsExactlyElementsOf(fields);
    }

    @Test
    void createAllMappings_insertsEveryRowAcrossSeveralMultiRowInserts_disabledAndFindable() {
        String app = unique("ManyMappings");
        createApp(app, 2);
        List<WindowsAccount> accounts = new java.util.ArrayList<>();
        List<String> externals = new java.util.ArrayList<>();
        for (int i = 0; i < 450; i++) {
            accounts.add(WindowsAccount.parse("CONTOSO\\bulk" + i));
            externals.add("ext" + i);
        }
        store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.mappings().createAll(app, accounts, externals);
            return null;
        });
        List<Mapping> all = store.read((StoreSession s) -> s.mappings().forApplication(app));
        assertThat(all).hasSize(450).noneMatch(Mapping::enabled);
        assertThat(store.read((StoreSession s) -> s.mappings().find(app, WindowsAccount.parse("contoso\\BULK449"))))
                .hasValueSatisfying(m -> assertThat(m.externalUser()).isEqualTo("ext449"));
        assertThat(store.read((StoreSession s) -> s.mappings().findByExternalUser(app, "ext200")))
                .hasValueSatisfying(m -> assertThat(m.account().user()).isEqualTo("bulk200"));
    }

    @Test
    void applications_rejectBadInputAndReportMissingOnes() {
        assertThatThrownBy(() -> createApp("has space", 1)).hasMessageContaining("[15000]");
        assertThatThrownBy(() -> createApp(unique("NoFields"), 0)).hasMessageContaining("[15000]");
        assertThatThrownBy(() -> store.read((StoreSession s) -> s.applications().get(unique("Missing"))))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("[10756]");
        assertThat(store.read((StoreSession s) -> s.applications().find(unique("Missing"))))
                .isEmpty();
    }

    @Test
    void applicationUpdates_changeOnlyMaskedFlagsDetailsAndPurgeId() {
        String name = unique("Hr");
        AffiliateApplication created = createApp(name, 1);

        AffiliateApplication updated = store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.applications().updateFlags(name, 0x2 | 0x20, 0x2);
            return s.applications().updateDetails(name, "new", null, "Users2", "Admins2");
        });
        PurgeStep purge = store.inTransaction(
                Idempotency.IDEMPOTENT, (StoreSession s) -> s.applications().purgeCache(name));

        assertThat(updated.flags()).isEqualTo(0x4 | 0x2);
        assertThat(updated.description()).contains("new");
        assertThat(updated.contact()).isEmpty();
        assertThat(updated.userGroups()).isEqualTo("Users2");
        assertThat(purge.before()).isEqualTo(created.purgeId());
        assertThat(purge.after()).isNotEqualTo(created.purgeId());
        assertThat(PurgeStep.parse(purge.text())).contains(purge);
        assertThat(store.read((StoreSession s) -> s.applications().get(name).purgeId()))
                .isEqualTo(purge.after());
    }

    @Test
    void fields_areKeptByOrdinalWithinTheApplicationsFieldCount() {
        String name = unique("Fields");
        createApp(name, 2);
        store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.applications().addField(name, new FieldInfo(1, "Password", true, true));
            s.applications().addField(name, new FieldInfo(0, "User", false, false));
            return null;
        });

        assertThat(store.read((StoreSession s) -> s.applications().fields(name)))
                .extracting(FieldInfo::label)
                .containsExactly("User", "Password");
        assertThatThrownBy(() -> store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
                    s.applications().addField(name, new FieldInfo(1, "Again", false, false));
                    return null;
                }))
                .hasMessageContaining("[15002]");
        assertThatThrownBy(() -> store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
                    s.applications().addField(name, new FieldInfo(2, "Beyond", false, false));
                    return null;
                }))
                .hasMessageContaining("[15000]");
    }

    @Test
    void mappings_areFoundByThePrimaryPathAndByExternalUser() {
        String app = unique("Sap");
        createApp(app, 2);
        WindowsAccount alice = new WindowsAccount("CONTOSO", unique("alice"));
        Mapping created = store.inTransaction(
                Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> s.mappings().create(app, alice, "SAPALICE"));

        assertThat(created.enabled()).isFalse();
        assertThat(store.read((StoreSession s) -> s.mappings().find(app.toLowerCase(), alice)))
                .contains(created);
        assertThat(store.read((StoreSession s) -> s.mappings().findByExternalUser(app, "SAPALICE")))
                .contains(created);
        assertThat(store.read((StoreSession s) -> s.mappings().forAccount(alice)))
                .containsExactly(created);
        assertThat(store.read((StoreSession s) -> s.mappings().forApplication(app)))
                .containsExactly(created);
        assertThatThrownBy(() -> store.inTransaction(
                        Idempotency.NOT_IDEMPOTENT,
                        (StoreSession s) -> s.mappings().create(app, alice, "OTHER")))
                .hasMessageContaining("[10753]");
        assertThatThrownBy(() -> store.inTransaction(
                        Idempotency.NOT_IDEMPOTENT,
                        s -> s.mappings().create(app, new WindowsAccount("CONTOSO", unique("bob")), "SAPALICE")))
                .hasMessageContaining("[10753]");
    }

    @Test
    void accountNames_matchIgnoringCaseAndKeepTheirCase() {
        String app = unique("Ci");
        createApp(app, 2);
        String user = unique("Grace");
        store.inTransaction(
                Idempotency.NOT_IDEMPOTENT,
                (StoreSession s) -> s.mappings().create(app, new WindowsAccount("Contoso", user), "ExtGrace"));
        WindowsAccount otherCase = new WindowsAccount("CONTOSO", user.toLowerCase());

        assertThat(store.read((StoreSession s) -> s.mappings().find(app, otherCase)))
                .hasValueSatisfying(m -> assertThat(m.account().toString()).isEqualTo("Contoso\\" + user));
        assertThat(store.read((StoreSession s) -> s.mappings().findByExternalUser(app, "EXTGRACE")))
                .isPresent();
        assertThatThrownBy(() -> store.inTransaction(
                        Idempotency.NOT_IDEMPOTENT,
                        (StoreSession s) -> s.mappings().create(app, otherCase, "x")))
                .hasMessageContaining("[10753]");
        store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.groups().add(user, "App Users");
            return null;
        });
        assertThat(store.read((StoreSession s) -> s.groups().isMember(user.toUpperCase(), "APP USERS")))
                .isTrue();
    }

    @Test
    void disablingAndDeletingMappings_areAuditedForCachePurges() {
        String app = unique("Audit");
        createApp(app, 2);
        WindowsAccount carol = new WindowsAccount("CONTOSO", unique("carol"));
        Instant before = Instant.now().minusSeconds(1);
        Mapping mapping = store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            Mapping m = s.mappings().create(app, carol, "EXTCAROL");
            s.credentials().put(m.id(), 1, value("pw", UUID.randomUUID()));
            s.mappings().setEnabled(app, carol, true, "admin");
            return s.mappings().setEnabled(app, carol, false, "admin");
        });
        store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.mappings().delete(app, carol, "admin");
            return null;
        });

        assertThat(mapping.enabled()).isFalse();
        assertThat(store.read((StoreSession s) -> s.mappings().find(app, carol)))
                .isEmpty();
        assertThat(store.read((StoreSession s) -> s.credentials().forMapping(mapping.id())))
                .isEmpty();
        assertThat(store.read((StoreSession s) -> s.audit().mappingChangesSince(before)).stream()
                        .filter(c -> c.account().equals(carol)))
                .extracting(AuditEntry.DeletedMapping::change)
                .containsExactly(AuditEntry.MappingChange.DISABLED, AuditEntry.MappingChange.DELETED);
    }

    @Test
    void credentials_areStoredPerFieldAndReplacedInPlace() {
        String app = unique("Creds");
        createApp(app, 3);
        UUID msid = UUID.randomUUID();
        long mappingId = store.inTransaction(
                Idempotency.NOT_IDEMPOTENT,
                s -> s.mappings()
                        .create(app, new WindowsAccount("CONTOSO", unique("dan")), "EXTDAN")
                        .id());
        store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.credentials().put(mappingId, 2, value("second", msid));
            s.credentials().put(mappingId, 1, value("first", msid));
            s.credentials().put(mappingId, 1, value("first-again", msid));
            return null;
        });

        assertThat(store.read((StoreSession s) -> s.credentials().forMapping(mappingId)))
                .containsExactly(
                        java.util.Map.entry(1, value("first-again", msid)),
                        java.util.Map.entry(2, value("second", msid)));
        assertThatThrownBy(() -> store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
                    s.credentials().put(Long.MAX_VALUE, 1, value("x", msid));
                    return null;
                }))
                .hasMessageContaining("[10835]");
        assertThat(value("secret", msid).toString()).doesNotContain("secret").contains(msid.toString());
    }

    @Test
    void configItems_arePutFoundListedAndDeleted() {
        String app = unique("Config");
        createApp(app, 1);
        UUID msid = UUID.randomUUID();
        store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.configItems().put(app, "b-item", value("bag-b", msid));
            s.configItems().put(app, "a-item", value("bag-a", msid));
            return s.configItems().put(app, "a-item", value("bag-a2", msid));
        });

        assertThat(store.read((StoreSession s) -> s.configItems().identifiers(app)))
                .containsExactly("a-item", "b-item");
        assertThat(store.read((StoreSession s) -> s.configItems().find(app, "a-item"))
                        .map(ConfigItem::value))
                .contains(value("bag-a2", msid));
        assertThat(store.inTransaction(
                        Idempotency.IDEMPOTENT,
                        (StoreSession s) -> s.configItems().delete(app, "a-item")))
                .isTrue();
        assertThat(store.inTransaction(
                        Idempotency.IDEMPOTENT,
                        (StoreSession s) -> s.configItems().delete(app, "a-item")))
                .isFalse();
    }

    @Test
    void deletingAnApplication_removesEverythingUnderItAndIsAudited() {
        String app = unique("Gone");
        createApp(app, 2);
        long mappingId = store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.applications().addField(app, new FieldInfo(0, "User", false, false));
            Mapping m = s.mappings().create(app, new WindowsAccount("CONTOSO", unique("eve")), "EXTEVE");
            s.credentials().put(m.id(), 1, value("pw", UUID.randomUUID()));
            s.configItems().put(app, "item", value("bag", UUID.randomUUID()));
            return m.id();
        });
        store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.applications().delete(app.toUpperCase(), "admin");
            return null;
        });

        assertThat(store.read((StoreSession s) -> s.applications().find(app))).isEmpty();
        assertThat(store.read((StoreSession s) -> s.credentials().forMapping(mappingId)))
                .isEmpty();
        assertThat(store.read((StoreSession s) -> s.audit().deletedApplications()))
                .extracting(AuditEntry.DeletedApplication::applicationName)
                .contains(app);
    }

    @Test
    void groupMembership_isKeptPerPrincipalAndGroup() {
        String principal = unique("CONTOSO\\frank");
        store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.groups().add(principal, "SSO Administrators");
            s.groups().add(principal, "SSO Administrators");
            s.groups().add(principal, "App Users");
            return null;
        });

        assertThat(store.read((StoreSession s) -> s.groups().groupsOf(principal)))
                .containsExactly("App Users", "SSO Administrators");
        assertThat(store.read((StoreSession s) -> s.groups().membersOf("App Users")))
                .contains(principal);
        assertThat(store.inTransaction(
                        Idempotency.IDEMPOTENT, (StoreSession s) -> s.groups().remove(principal, "App Users")))
                .isTrue();
        assertThat(store.read((StoreSession s) -> s.groups().isMember(principal, "App Users")))
                .isFalse();
    }

    @Test
    void ssoServers_heartbeatInsertsThenUpdates() {
        String server = unique("node");
        store.inTransaction(
                Idempotency.IDEMPOTENT, (StoreSession s) -> s.servers().heartbeat(server, "0.1", "ONLINE"));
        store.inTransaction(
                Idempotency.IDEMPOTENT, (StoreSession s) -> s.servers().heartbeat(server, "0.2", "OFFLINE"));

        assertThat(store.read((StoreSession s) -> s.servers().find(server)))
                .hasValueSatisfying(i -> assertThat(i.version() + i.status()).isEqualTo("0.2OFFLINE"));
        assertThat(store.read((StoreSession s) -> s.servers().list()))
                .extracting(SsoServerInfo::name)
                .contains(server);
        assertThat(store.inTransaction(
                        Idempotency.IDEMPOTENT, (StoreSession s) -> s.servers().remove(server)))
                .isTrue();
    }

    @Test
    void secretMetadata_recordsKnownMsidsAndBackups() {
        UUID msid = UUID.randomUUID();
        Instant backup = Instant.parse("2026-01-02T03:04:05Z");
        store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.secrets().register(msid);
            s.secrets().register(msid);
            return s.secrets().recordBackup(msid, backup);
        });

        assertThat(store.read((StoreSession s) -> s.secrets().find(msid)))
                .hasValueSatisfying(m -> assertThat(m.lastBackupAt()).contains(backup));
        assertThat(store.inTransaction(
                        Idempotency.IDEMPOTENT,
                        (StoreSession s) -> s.secrets().retire(msid).retired()))
                .isTrue();
        assertThatThrownBy(() -> store.inTransaction(
                        Idempotency.IDEMPOTENT,
                        (StoreSession s) -> s.secrets().recordBackup(UUID.randomUUID(), backup)))
                .hasMessageContaining("[15001]");
    }

    @Test
    void writeRequests_areRecordedOnceAndPrunedByAge() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");
        Instant later = Instant.parse("2001-01-03T00:00:00Z");

        store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.writeRequests().record(old, "CORP\\alice", "SetCredentials", longAgo);
            return null;
        });
        assertThatThrownBy(() -> store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
                    s.writeRequests().record(old, "CORP\\bob", "SetConfigInfo", later);
                    return null;
                }))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.ALREADY_EXISTS));
        store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.writeRequests().record(recent, "node2", "SetConfigInfo", later);
            return null;
        });

        assertThat(store.inTransaction(
                        Idempotency.NOT_IDEMPOTENT,
                        (StoreSession s) -> s.writeRequests().pruneBefore(longAgo.plusSeconds(60))))
                .isGreaterThanOrEqualTo(1);
        assertThat(store.read((StoreSession s) -> s.writeRequests().isRecorded(old)))
                .isFalse();
        assertThat(store.read((StoreSession s) -> s.writeRequests().isRecorded(recent)))
                .isTrue();
    }

    @Test
    void globalSettings_useTheUpdateStampAsConcurrencyToken() {
        GlobalInfo before = store.read((StoreSession s) -> s.globalInfo().get());
        GlobalSettings changed = new GlobalSettings(64, true, 10, 10, 10, 10, 5, 30, "Admins", "Affiliates");

        GlobalInfo after = store.inTransaction(
                Idempotency.IDEMPOTENT,
                (StoreSession s) -> s.globalInfo().updateSettings(before.updateStamp(), changed));

        assertThat(after.settings()).isEqualTo(changed);
        assertThat(after.updateStamp()).isGreaterThan(before.updateStamp());
        assertThatThrownBy(() -> store.inTransaction(
                        Idempotency.IDEMPOTENT,
                        (StoreSession s) -> s.globalInfo().updateSettings(before.updateStamp(), changed)))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("[15003]");
    }

    @Test
    void auditTables_keepOnlyTheNewestRowsUpToEachCap() {
        setAuditCaps(2, 2, 3, 1000);
        String app = unique("Lookups");
        for (int i = 0; i < 5; i++) {
            int n = i;
            store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
                s.audit()
                        .recordCredentialLookup(
                                AuditEntry.LookupKind.NTP,
                                app,
                                Optional.empty(),
                                Optional.of("user" + n),
                                Optional.empty(),
                                true,
                                Optional.empty());
                return null;
            });
        }
        store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.audit()
                    .recordCredentialLookup(
                            AuditEntry.LookupKind.XP,
                            app,
                            Optional.empty(),
                            Optional.of("x"),
                            Optional.empty(),
                            false,
                            Optional.of(10756));
            for (int i = 0; i < 3; i++) {
                createAppIn(s, unique("Deleted"));
            }
            return null;
        });

        assertThat(store.read((StoreSession s) -> s.audit().credentialLookups(AuditEntry.LookupKind.NTP)))
                .extracting(l -> l.externalUser().orElseThrow())
                .containsExactly("user4", "user3", "user2");
        assertThat(store.read((StoreSession s) -> s.audit().credentialLookups(AuditEntry.LookupKind.XP)))
                .anySatisfy(l -> assertThat(l.errorCode()).contains(10756));
        assertThat(store.read((StoreSession s) -> s.audit().deletedApplications()))
                .hasSize(2);
    }

    /** Sets the four audit caps of the global row (restored after each test). */
    protected void setAuditCaps(int deletedApps, int mappingChanges, int ntpLookups, int xpLookups) {
        store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            GlobalInfo g = s.globalInfo().get();
            GlobalSettings d = g.settings();
            return s.globalInfo()
                    .updateSettings(
                            g.updateStamp(),
                            new GlobalSettings(
                                    d.flags(),
                                    d.ssoEnabled(),
                                    deletedApps,
                                    mappingChanges,
                                    ntpLookups,
                                    xpLookups,
                                    d.ticketTimeoutMinutes(),
                                    d.credentialCacheTimeoutMinutes(),
                                    d.ssoAdminGroup(),
                                    d.affiliateAdminGroup()));
        });
    }

    private static void createAppIn(StoreSession s, String name) {
        s.applications().create(new ApplicationSpec(name, null, null, "u", "a", 0, 1));
        s.applications().delete(name, "admin");
    }
}
