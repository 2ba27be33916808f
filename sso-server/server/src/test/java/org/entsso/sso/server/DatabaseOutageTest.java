package org.entsso.sso.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.WindowsAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL outage row of DESIGN.md's "What clients see": the H2 TCP server is stopped; cached lookups go on for the
 * grace, uncached ones fail with 10515; after the grace every lookup fails with 10590; once the server is started
 * again the service is online at the next database call.
 */
class DatabaseOutageTest {
    private static final WindowsAccount ALICE = new WindowsAccount("CONTOSO", "alice");
    private static final WindowsAccount BOB = new WindowsAccount("CONTOSO", "bob");
    private static final Set<LookupOption> CACHED = Set.of();
    private static final Set<LookupOption> REFRESH = Set.of(LookupOption.REFRESH);

    private LookupFixture db;
    private KeyringHolder keyrings;
    private CredentialLookupService lookups;
    private AffiliateApplication app;
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        db = new LookupFixture();
        keyrings = new KeyringHolder("SSO-MSS", db.clock);
        keyrings.install(db.copyOfWriterKeyring(), 1);
        lookups = new CredentialLookupService(db.store, keyrings, LookupSettings.defaults(), db.clock)
                .instrument(registry);
        lookups.start();
        app = db.enabledApp("Payroll");
        db.map(app, ALICE, "alice-ext", "pw-alice", "1234");
        db.map(app, BOB, "bob-ext", "pw-bob", "5678");
    }

    @AfterEach
    void stop() throws Exception {
        lookups.close();
        keyrings.close();
        db.close();
    }

    private static void assertFailsWith(Runnable lookup, SsoError error) {
        assertThatThrownBy(lookup::run)
                .isInstanceOf(SsoException.class)
                .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(error))
                .hasMessageNotContaining("pw-");
    }

    @Test
    void whenTheDatabaseStops_cachedLookupsContinueForTheGrace_thenEverythingGoesOffline_untilTheDatabaseIsBack()
            throws Exception {
        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-alice");
        assertThat(lookups.availability()).isEqualTo(Availability.ONLINE);

        db.stopDatabase();

        assertFailsWith(() -> lookups.getCredentials(BOB, app.name(), CACHED), SsoError.DATABASE_UNAVAILABLE);
        assertThatThrownBy(() -> lookups.getCredentials(BOB, app.name(), CACHED))
                .hasMessageStartingWith("[10515] Lost contact with the SSO database.")
                .hasMessageContaining("not cached on this server");
        assertThat(lookups.availability()).isEqualTo(Availability.DEGRADED_SERVING_FROM_CACHE);
        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-alice");
        assertThat(lookups.getCredentials(ALICE, app.name(), REFRESH).field(1).asString())
                .as("REFRESH falls back to the cache while the database is unreachable")
                .isEqualTo("pw-alice");

        db.clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(lookups.probeDatabase()).isEqualTo(Availability.DEGRADED_SERVING_FROM_CACHE);
        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-alice");

        db.clock.advance(Duration.ofSeconds(1));
        assertThat(lookups.availability()).isEqualTo(Availability.OFFLINE);
        assertFailsWith(() -> lookups.getCredentials(ALICE, app.name(), CACHED), SsoError.GOING_OFFLINE);
        assertFailsWith(() -> lookups.getCredentials(BOB, app.name(), CACHED), SsoError.GOING_OFFLINE);
        assertThatThrownBy(() -> lookups.getCredentials(ALICE, app.name(), CACHED))
                .hasMessageStartingWith("[10590] Enterprise Single Sign-On is going offline.");

        db.startDatabase();
        await().atMost(Timing.shortWait()).until(lookups::probeDatabase, Availability.ONLINE::equals);

        assertThat(lookups.getCredentials(ALICE, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-alice");
        assertThat(lookups.getCredentials(BOB, app.name(), CACHED).field(1).asString())
                .isEqualTo("pw-bob");
        assertThat(lookups.databaseLastReachable()).isEqualTo(db.clock.instant());
    }

    @Test
    void whenTheDatabaseStops_thenTheGraceLeftCountsDown_andLookupsAreTimedAsServedUnavailableOrOffline() {
        assertThat(lookups.databaseOutageGraceRemaining()).isEqualTo(LookupSettings.DEFAULT_OUTAGE_GRACE);
        lookups.getCredentials(ALICE, app.name(), CACHED);

        db.stopDatabase();
        assertFailsWith(() -> lookups.getCredentials(BOB, app.name(), CACHED), SsoError.DATABASE_UNAVAILABLE);
        db.clock.advance(Duration.ofMinutes(2));
        assertThat(lookups.databaseOutageGraceRemaining()).isEqualTo(Duration.ofMinutes(3));
        lookups.getCredentials(ALICE, app.name(), CACHED); // served from the cache under the grace

        db.clock.advance(Duration.ofMinutes(3));
        assertThat(lookups.databaseOutageGraceRemaining()).isZero();
        assertFailsWith(() -> lookups.getCredentials(ALICE, app.name(), CACHED), SsoError.GOING_OFFLINE);

        assertThat(timed("found")).isEqualTo(2);
        assertThat(timed("database_unavailable")).isEqualTo(1);
        assertThat(timed("offline")).isEqualTo(1);
    }

    private long timed(String outcome) {
        return registry.get("entsso.lookups")
                .tags("kind", "credentials", "outcome", outcome)
                .timer()
                .count();
    }

    @Test
    void whileOneLookupTriesTheFailingDatabase_theOtherMissesAnswerWithoutReading_cachedOnesFromTheCache()
            throws Exception {
        lookups.getCredentials(ALICE, app.name(), CACHED);
        db.stopDatabase();
        assertFailsWith(() -> lookups.getCredentials(BOB, app.name(), CACHED), SsoError.DATABASE_UNAVAILABLE);

        // Hold the trial as a lookup waiting out the bounded read would. The database is back, but the other misses
        // do not read it: they are answered at once, so 10515 here proves no read was made.
        assertThat(lookups.holdDatabaseTrial()).isTrue();
        try {
            db.startDatabase();
            assertThatThrownBy(() -> lookups.getCredentials(BOB, app.name(), CACHED))
                    .hasMessageStartingWith("[10515]")
                    .hasMessageContaining("not cached on this server");
            assertThat(lookups.getCredentials(ALICE, app.name(), CACHED)
                            .field(1)
                            .asString())
                    .isEqualTo("pw-alice");
            assertThat(lookups.getCredentials(ALICE, app.name(), REFRESH)
                            .field(1)
                            .asString())
                    .as("REFRESH falls back to the cache")
                    .isEqualTo("pw-alice");
        } finally {
            lookups.releaseDatabaseTrial();
        }

        // The next miss is the trial: it reads, finds the database back, and every lookup reads again.
        awaitBobServedFromTheDatabase();
        assertThat(lookups.availability()).isEqualTo(Availability.ONLINE);
    }

    @Test
    void aDatabaseThatAnswersAgainWithinTheGrace_bringsTheServiceBackOnline_withoutGoingOffline() throws Exception {
        db.stopDatabase();
        assertFailsWith(() -> lookups.getCredentials(BOB, app.name(), CACHED), SsoError.DATABASE_UNAVAILABLE);
        assertThat(lookups.availability()).isEqualTo(Availability.DEGRADED_SERVING_FROM_CACHE);

        db.clock.advance(Duration.ofMinutes(2));
        db.startDatabase();
        awaitBobServedFromTheDatabase();

        assertThat(lookups.availability()).isEqualTo(Availability.ONLINE);
        db.clock.advance(Duration.ofMinutes(10));
        assertThat(lookups.availability())
                .as("the grace counts only while the database is failing")
                .isEqualTo(Availability.ONLINE);
    }

    /** Waits until bob's lookup, cached nowhere, is served: the database answers again. */
    private void awaitBobServedFromTheDatabase() {
        await().atMost(Timing.shortWait())
                .ignoreExceptions()
                .until(
                        () -> lookups.getCredentials(BOB, app.name(), CACHED)
                                .field(1)
                                .asString(),
                        "pw-bob"::equals);
    }
}
