package org.entsso.sso.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.AuditEntry;
import org.entsso.sso.store.EncryptedRow;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.ReencryptionCursor;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** GetCredentials and GetConfigInfo against a real SSO database on an H2 TCP server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialLookupServiceTest {
    private static final WindowsAccount ALICE = new WindowsAccount("CONTOSO", "alice");
    private static final WindowsAccount BOB = new WindowsAccount("CONTOSO", "bob");
    private static final Set<LookupOption> CACHED = Set.of();
    private static final Set<LookupOption> REFRESH = Set.of(LookupOption.REFRESH);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private LookupFixture db;
    private KeyringHolder keyrings;
    private CredentialLookupService lookups;

    @BeforeAll
    void startDatabase() throws Exception {
        db = new LookupFixture();
    }

    @AfterAll
    void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void startService() {
        keyrings = new KeyringHolder("SSO-MSS", db.clock);
        keyrings.install(db.copyOfWriterKeyring(), 1);
        lookups = new CredentialLookupService(
                db.store,
                keyrings,
                LookupSettings.defaults().withCredentialCacheTimeout(Duration.ofMinutes(10)),
                db.clock);
        lookups.start();
    }

    @AfterEach
    void closeService() {
        lookups.close();
        keyrings.close();
    }

    private static String unique(String prefix) {
        return prefix + NAMES.incrementAndGet();
    }

    private static void assertRefused(ThrowingCallable call, int code, String... mentions) {
        assertThatThrownBy(call)
                .isInstanceOf(SsoException.class)
                .satisfies(e -> assertThat(((SsoException) e).code()).isEqualTo(code))
                .satisfies(e -> {
                    for (String mention : mentions) {
                        assertThat(e.getMessage()).contains(mention);
                    }
                })
                .hasMessageStartingWith("[" + code + "]")
                .hasMessageNotContaining("pw-");
    }

    private List<AuditEntry.CredentialLookup> audited(String app) {
        return db.store.read((StoreSession s) -> s.audit().credentialLookups(AuditEntry.LookupKind.NTP)).stream()
                .filter(a -> a.applicationName().equals(app))
                .toList();
    }

    @Test
    void ownLookup_returnsTheDecryptedCredentials_andIsAudited() {
        AffiliateApplication app = db.enabledApp(unique("Payroll"));
        db.map(app, ALICE, "alice-ext", "pw-alice", "1234");

        Credentials found = lookups.getCredentials(ALICE, app.name().toUpperCase(), CACHED);

        assertThat(found.externalUser()).isEqualTo("alice-ext");
        assertThat(found.fields()).containsOnlyKeys(1, 2);
        assertThat(found.field(1).asString()).isEqualTo("pw-alice");
        assertThat(found.field(2).asString()).isEqualTo("1234");
        assertThat(found.toString())
                .contains("alice-ext")
                .doesNotContain("pw-alice")
                .doesNotContain("1234");
        assertThat(found.field(1).toString()).doesNotContain("pw-alice");
        assertThat(audited(app.name().toUpperCase())).singleElement().satisfies(a -> {
            assertThat(a.succeeded()).isTrue();
            assertThat(a.account()).contains(ALICE);
            assertThat(a.externalUser()).contains("alice-ext");
        });
    }

    @Test
    void someoneElsesCredentials_areRefusedWith11042_unlessTheCallerAdministers() {
        AffiliateApplication app = db.enabledApp(unique("Payroll"));
        db.map(app, ALICE, "alice-ext", "pw-alice", "1234");
        String bob = BOB.toString();
        String carol = unique("CONTOSO\\carol");
        String dave = unique("CONTOSO\\dave");

        assertRefused(
                () -> lookups.getCredentials(bob, app.name(), ALICE, CACHED),
                11042,
                LookupFixture.APP_ADMINS,
                db.global.ssoAdminGroup());
        assertThat(audited(app.name())).singleElement().satisfies(a -> {
            assertThat(a.succeeded()).isFalse();
            assertThat(a.errorCode()).contains(11042);
        });

        db.addToGroup(carol, LookupFixture.APP_ADMINS);
        db.addToGroup(dave, db.global.ssoAdminGroup());
        assertThat(lookups.getCredentials(carol, app.name(), ALICE, CACHED)
                        .field(1)
                        .asString())
                .isEqualTo("pw-alice");
        assertThat(lookups.getCredentials(dave, app.name(), ALICE, CACHED)
                        .field(1)
                        .asString())
                .isEqualTo("pw-alice");
        db.addToGroup(bob, LookupFixture.APP_USERS);
        assertRefused(() -> lookups.getCredentials(bob, app.name(), ALICE, CACHED), 11042);
    }

    @Test
    void unknownApplication_missingOrDisabledMapping_andDisabledApplication_areRefusedInEntssoTerms() {
        AffiliateApplication app = db.enabledApp(unique("Payroll"));
        Mapping alice = db.map(app, ALICE, "alice-ext", "pw-alice", "1234");

        assertRefused(() -> lookups.getCredentials(ALICE, unique("Missing"), CACHED), 10756, "Missing");
        assertRefused(() -> lookups.getCredentials(BOB, app.name(), CACHED), 10757, "CONTOSO\\bob");

        db.store.inTransaction(
                Idempotency.IDEMPOTENT,
                (StoreSession s) -> s.mappings().setEnabled(app.name(), alice.account(), false, "test"));
        assertRefused(() -> lookups.getCredentials(ALICE, app.name(), CACHED), 10764, "CONTOSO\\alice");

        db.store.inTransaction(
                Idempotency.IDEMPOTENT, (StoreSession s) -> s.applications().updateFlags(app.name(), 0, 0x2));
        assertRefused(() -> lookups.getCredentials(ALICE, app.name(), CACHED), 10755, app.name());
    }

    @Test
    void withoutAKeyring_lookupsFailWith10532() {
        AffiliateApplication app = db.enabledApp(unique("Payroll"));
        db.map(app, ALICE, "alice-ext", "pw-alice", "1234");
        try (KeyringHolder empty = new KeyringHolder("SSO-MSS", db.clock);
                CredentialLookupService restarted =
                        new CredentialLookupService(db.store, empty, LookupSettings.defaults(), db.clock)) {
            restarted.start();

            assertRefused(() -> restarted.getCredentials(ALICE, app.name(), CACHED), 10532, "SSO-MSS");
            assertThat(audited(app.name()))
                    .singleElement()
                    .satisfies(a -> assertThat(a.errorCode()).contains(10532));
        }
    }

    @Test
    void afterARotation_valuesUnderThePreviousAndTheNewMsidBothDecrypt() {
        AffiliateApplication app = db.enabledApp(unique("Payroll"));
        db.map(app, ALICE, "alice-ext", "pw-old", "1234");
        Mapping bob = db.map(app, BOB, "bob-ext", "pw-bob-old", "5678");

        keyrings.install(db.rotateWriter(), 2);
        db.setCredentials(app, bob, "pw-bob-new", "5678");

        assertThat(lookups.getCredentials(ALICE, app.name(), REFRESH).field(1).asString())
                .isEqualTo("pw-old");
        assertThat(lookups.getCredentials(BOB, app.name(), REFRESH).field(1).asString())
                .isEqualTo("pw-bob-new");
    }

    @Test
    void cacheHit_isServedWithoutTheDatabase_andRefreshBypassesTheCache() throws Exception {
        AffiliateApplication app = db.enabledApp(unique("Payroll"));
        Mapping alice = db.map(app, ALICE, "alice-ext", "pw-1", "1234");
        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-1");

        db.stopDatabase();
        try {
            assertThat(lookups.getCredentials(ALICE, app.name(), CACHED)
                            .field(1)
                            .asString())
                    .as("answered with the H2 server stopped: the cache did not touch the database")
                    .isEqualTo("pw-1");
        } finally {
            db.startDatabase();
        }
        assertThat(audited(app.name()))
                .as("only the first lookup reached the database")
                .hasSize(1);

        db.setCredentials(app, alice, "pw-2", "1234");
        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-1");
        org.awaitility.Awaitility.await()
                .atMost(org.entsso.cluster.testing.Timing.shortWait())
                .ignoreExceptions()
                .until(
                        () -> lookups.getCredentials(ALICE, app.name(), REFRESH)
                                .field(1)
                                .asString(),
                        "pw-2"::equals);
        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .as("the refreshed value replaced the cached one")
                .isEqualTo("pw-2");
    }

    @Test
    void cachedCredentials_expireAfterTheConfiguredTimeout_andCanBeInvalidatedPerApplication() {
        AffiliateApplication app = db.enabledApp(unique("Payroll"));
        Mapping alice = db.map(app, ALICE, "alice-ext", "pw-1", "1234");
        Credentials first = lookups.getCredentials(ALICE, app.name(), CACHED);
        db.setCredentials(app, alice, "pw-2", "1234");

        db.clock.advance(Duration.ofMinutes(9));
        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-1");
        db.clock.advance(Duration.ofMinutes(1));
        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-2");

        db.setCredentials(app, alice, "pw-3", "1234");
        lookups.invalidate(app.name().toLowerCase());
        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-3");
        assertThat(first.field(1).asString())
                .as("a caller's copy survives the eviction that zeroed the cached one")
                .isEqualTo("pw-1");
    }

    @Test
    void anApplicationWithDisableCredCache_isReadFromTheDatabaseEveryTime() {
        AffiliateApplication app = db.enabledApp(unique("NoCache"), 0x4000_0000);
        Mapping alice = db.map(app, ALICE, "alice-ext", "pw-1", "1234");
        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-1");

        db.setCredentials(app, alice, "pw-2", "1234");

        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-2");
    }

    @Test
    void bindingsRebuiltFromReencryptionRows_matchTheLookupConvention() {
        AffiliateApplication app = db.enabledApp(unique("Reenc"));
        db.map(app, ALICE, "alice-ext", "pw-alice", "1234");
        db.putConfig(app, "item-1", "pw-bag");
        java.util.UUID msid = keyrings.status().orElseThrow().currentMsid();

        List<EncryptedRow> rows = db.store.read((StoreSession s) -> s.reencryption()
                .nextBatch(msid, ReencryptionCursor.start(), 10_000)
                .rows());

        List<String> plain = rows.stream()
                .filter(r -> r.applicationId() == app.id())
                .map(r -> new String(
                        keyrings.decrypt(r.value().ciphertext(), ValueBindings.of(r)), StandardCharsets.UTF_8))
                .toList();
        assertThat(plain).containsExactlyInAnyOrder("pw-alice", "1234", "pw-bag");
    }

    @Test
    void configInfo_isReadByTheApplicationsUsersAndAdministrators_only() {
        AffiliateApplication app = db.configStoreApp(unique("Adapter"), "endpoint", "password");
        db.putConfig(app, "receive-location-1", "{\"endpoint\":\"e\",\"password\":\"pw-config-bag\"}");
        String host = unique("CONTOSO\\bts-host");
        String stranger = unique("CONTOSO\\eve");
        db.addToGroup(host, LookupFixture.APP_USERS);

        assertThat(lookups.getConfigInfo(host, app.name(), "receive-location-1").asString())
                .isEqualTo("{\"endpoint\":\"e\",\"password\":\"pw-config-bag\"}");
        assertThat(lookups.getConfigInfo(host, app.name(), "receive-location-1", true)
                        .asString())
                .as("admin mode leaves the masked property out")
                .isEqualTo("{\"endpoint\":\"e\"}");
        assertRefused(
                () -> lookups.getConfigInfo(stranger, app.name(), "receive-location-1"),
                11042,
                LookupFixture.APP_USERS);
        assertRefused(() -> lookups.getConfigInfo(host, app.name(), "missing"), 10757, "missing");
    }

    @Test
    void instrumentedLookups_areTimedByKindAndOutcome_neverByApplicationOrAccount() {
        AffiliateApplication app = db.enabledApp(unique("Metered"));
        db.map(app, ALICE, "alice-ext", "pw-alice", "1234");
        db.putConfig(app, "item", "pw-config-bag");
        MeterRegistry registry = new SimpleMeterRegistry();
        try (KeyringHolder empty = new KeyringHolder("SSO-MSS", db.clock);
                CredentialLookupService metered = new CredentialLookupService(
                                db.store, keyrings, LookupSettings.defaults(), db.clock)
                        .instrument(registry);
                CredentialLookupService secretless = new CredentialLookupService(
                                db.store, empty, LookupSettings.defaults(), db.clock)
                        .instrument(registry)) {
            metered.start();
            secretless.start();

            metered.getCredentials(ALICE, app.name(), CACHED);
            metered.getCredentials(ALICE, app.name(), CACHED); // a cache hit is a lookup too
            assertRefused(() -> metered.getCredentials(BOB.toString(), app.name(), ALICE, CACHED), 11042);
            assertRefused(() -> metered.getCredentials(BOB, app.name(), CACHED), 10757);
            assertRefused(() -> metered.getCredentials(ALICE, unique("Missing"), CACHED), 10756);
            assertRefused(() -> secretless.getCredentials(ALICE, app.name(), CACHED), 10532);
            assertRefused(() -> metered.getConfigInfo(ALICE.toString(), app.name(), "item"), 11042);
        }

        assertThat(timed(registry, "credentials", "found")).isEqualTo(2);
        assertThat(timed(registry, "credentials", "denied")).isEqualTo(1);
        assertThat(timed(registry, "credentials", "not_found")).isEqualTo(2);
        assertThat(timed(registry, "credentials", "no_secret")).isEqualTo(1);
        assertThat(timed(registry, "config", "denied")).isEqualTo(1);
        assertThat(registry.getMeters())
                .allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain("Metered", "alice", "pw-"));
    }

    private static long timed(MeterRegistry registry, String kind, String outcome) {
        return registry.get("entsso.lookups")
                .tags("kind", kind, "outcome", outcome)
                .timer()
                .count();
    }

    @Test
    void lifecycle_secondStartAndUseAfterCloseAreIllegalState() {
        assertThatThrownBy(lookups::start).isInstanceOf(IllegalStateException.class);
        lookups.close();
        lookups.close();
        assertThatThrownBy(() -> lookups.getCredentials(ALICE, "x", CACHED)).isInstanceOf(IllegalStateException.class);
        assertThat(lookups.toString()).contains("CLOSED");
    }
}
