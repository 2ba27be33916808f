package org.entsso.sso.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.LookupOption;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypting writes across the master secret server's failures (DESIGN.md, "What clients see"): after the owner
 * crashes the standby accepts writes and the old term is fenced out of the database; with no master secret server
 * online writes fail fast with a retryable 10783. A fresh cluster per test.
 */
@Tag("zookeeper")
class MasterSecretWritesFailoverTest {
    private static final WindowsAccount ALICE = new WindowsAccount("CORP", "alice");

    @TempDir
    Path dir;

    private MssCluster sso;
    private MasterSecretClient client;
    private AffiliateApplication app;
    private Mapping mapping;

    @BeforeEach
    void start() throws Exception {
        sso = new MssCluster(dir);
        client = sso.writesClient();
        app = sso.app("Payroll");
        mapping = sso.map(app, ALICE, "alice-ext");
    }

    @AfterEach
    void stop() {
        sso.close();
    }

    private static SortedMap<Integer, byte[]> password(String value) {
        return new TreeMap<>(java.util.Map.of(1, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Repeats one write with one request id until it is done, as the client library does. */
    private void setWithRetries(UUID requestId, String value) {
        Awaitility.await("the write " + requestId + " is done")
                .atMost(Timing.forWaiting())
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> e instanceof SsoException sso
                        && (sso.error() == SsoError.SECRET_NOT_AVAILABLE || sso.error() == SsoError.FENCED))
                .untilAsserted(
                        () -> client.setCredentials(ALICE.toString(), requestId, app.name(), ALICE, password(value)));
    }

    private SortedMap<Integer, EncryptedValue> stored() {
        return sso.observer.read((StoreSession s) -> s.credentials().forMapping(mapping.id()));
    }

    @Test
    void whenTheMssCrashes_thenTheStandbyAcceptsWrites_andAWriterBoundToTheOldEpochIsFencedAndWritesNothing() {
        GroupInfo first = sso.awaitMss("node1");
        client.setCredentials(ALICE.toString(), UUID.randomUUID(), app.name(), ALICE, password("pw-1"));

        sso.cluster.crash("node1");
        GroupInfo second = sso.awaitMss("node2");
        assertThat(second.epoch()).isGreaterThan(first.epoch());
        setWithRetries(UUID.randomUUID(), "pw-2");

        SortedMap<Integer, EncryptedValue> before = stored();
        FencedWrites deposed = new FencedWrites(sso.observer, () -> sso.initial, first.epoch(), Clock.systemUTC());
        UUID late = UUID.randomUUID();
        assertThatThrownBy(() -> deposed.setCredentials(ALICE.toString(), late, app.name(), ALICE, password("pw-old")))
                .isInstanceOf(SsoException.class)
                .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(SsoError.FENCED));
        assertThat(stored()).isEqualTo(before);
        assertThat(sso.observer.read((StoreSession s) -> s.writeRequests().isRecorded(late)))
                .isFalse();
        CredentialLookupService lookups = sso.lookups();
        assertThat(lookups.getCredentials(ALICE, app.name(), EnumSet.of(LookupOption.REFRESH))
                        .field(1)
                        .asString())
                .isEqualTo("pw-2");
    }

    @Test
    void whenNoMssIsOnline_thenWritesFailFastWithARetryable10783AndSucceedOnceOneIsBack() {
        sso.awaitMss("node1");
        sso.cluster.admin().stopGroup("ENTSSO", Timing.forWaiting());
        UUID requestId = UUID.randomUUID();

        long started = System.nanoTime();
        assertThatThrownBy(
                        () -> client.setCredentials(ALICE.toString(), requestId, app.name(), ALICE, password("pw-1")))
                .isInstanceOf(SsoException.class)
                .satisfies(e -> assertThat(((SsoException) e).code()).isEqualTo(10783))
                .hasMessageContaining("Retry");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("fails without waiting for the request timeout")
                .isLessThan(MasterSecretClient.DEFAULT_REQUEST_TIMEOUT);

        sso.cluster.admin().startGroup("ENTSSO", Timing.forWaiting());
        setWithRetries(requestId, "pw-1");
        assertThat(stored()).containsOnlyKeys(1);
    }
}
