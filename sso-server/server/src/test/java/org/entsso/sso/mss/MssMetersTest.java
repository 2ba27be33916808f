package org.entsso.sso.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.transport.KeyringServer;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master secret server's write meters on the real path: an SSO server's {@link MasterSecretClient} posts over mutual
 * TLS to {@link WriteEndpoints}, whose {@link FencedWrites} run against an H2 database that records epoch
 * {@value #EPOCH}. A writer of the current term counts applied, replayed and refused writes; a writer of an earlier term
 * is refused by the fence in the database and counted as fenced.
 */
class MssMetersTest {
    private static final WindowsAccount ALICE = new WindowsAccount("CORP", "alice");
    private static final long EPOCH = 7;
    private static final String SECRET = "Wombat-Secret-5150";

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private final Keyring keyring = Keyring.generate();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MssMeters meters = new MssMeters(registry);
    private SsoStore store;
    private MutualTlsServer server;
    private MasterSecretClient client;

    @BeforeEach
    void start() {
        store = SsoStore.open(
                StoreConfig.builder(H2Urls.file(dir.resolve("sso"))).build());
        store.takeOver(EPOCH, "node1");
        store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.applications().create(new ApplicationSpec("Payroll", "d", null, "Users", "Admins", 0x4, 2));
            return s.mappings().create("Payroll", ALICE, "alice-ext");
        });
    }

    /** Serves the write endpoints with a writer fenced by {@code epoch}. */
    private void serveWritesOfEpoch(long epoch) {
        FencedWrites writes = new FencedWrites(store, () -> keyring, epoch, Clock.systemUTC());
        MutualTlsServer s = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()));
        new WriteEndpoints(writes, meters)
                .mount((path, handler) -> s.route(path, WriteEndpoints.POOL, KeyringServer.CALLERS, handler));
        server = s;
        server.start();
        client = new MasterSecretClient(pki.ssoServer("node3"), () -> Optional.of(server.endpoint()));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        store.close();
        keyring.close();
    }

    private static SortedMap<Integer, byte[]> password() {
        return new TreeMap<>(Map.of(1, SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    private long writes(String operation, String outcome) {
        Timer timer = registry.find("entsso.mss.writes")
                .tags("operation", operation, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private double fenced(String operation) {
        return registry.get("entsso.mss.fenced.refusals")
                .tag("operation", operation)
                .counter()
                .count();
    }

    @Test
    void whenWritesAreAppliedReplayedAndRefused_thenEachIsTimedUnderItsOutcome() {
        serveWritesOfEpoch(EPOCH);
        UUID once = UUID.randomUUID();

        client.setCredentials(ALICE.toString(), once, "Payroll", ALICE, password());
        client.setCredentials(ALICE.toString(), once, "Payroll", ALICE, password());
        assertThatThrownBy(() ->
                        client.setCredentials(ALICE.toString(), UUID.randomUUID(), "NoSuchApp", ALICE, password()))
                .isInstanceOf(SsoException.class);
        assertThatThrownBy(() ->
                        client.setConfigInfo("CORP\\nobody", UUID.randomUUID(), "Payroll", "item", Map.of("k", SECRET)))
                .isInstanceOf(SsoException.class);

        assertThat(writes("set_credentials", "applied")).isEqualTo(1);
        assertThat(writes("set_credentials", "replayed")).isEqualTo(1);
        assertThat(writes("set_credentials", "refused")).isEqualTo(1);
        assertThat(writes("set_config_info", "refused")).isEqualTo(1); // not an administrator of Payroll
        assertThat(fenced("set_credentials")).isZero();
        assertThat(registry.getMeters())
                .allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain(SECRET, "Payroll", "alice"));
    }

    @Test
    void whenAnEarlierTermsWriterWrites_thenTheDatabaseFencesItAndItIsCountedAsAFencedRefusal() {
        serveWritesOfEpoch(EPOCH - 1); // deposed: a newer owner recorded EPOCH

        assertThatThrownBy(
                        () -> client.setCredentials(ALICE.toString(), UUID.randomUUID(), "Payroll", ALICE, password()))
                .isInstanceOf(SsoException.class)
                .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(SsoError.FENCED));

        assertThat(fenced("set_credentials")).isEqualTo(1);
        assertThat(writes("set_credentials", "fenced")).isEqualTo(1);
        assertThat(writes("set_credentials", "applied")).isZero();
        assertThat(fenced("reencryption")).isZero();
    }
}
