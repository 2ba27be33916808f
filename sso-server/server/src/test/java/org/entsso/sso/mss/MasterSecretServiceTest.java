package org.entsso.sso.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.ValueBinding;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.FetchedKeyring;
import org.entsso.sso.transport.KeyringClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Master Secret Service as a resource of the ENTSSO group on a real ensemble with a shared H2 database: it comes
 * online with the node's keyring, records its epoch in the database, serves the keyring over mutual TLS to SSO
 * servers, registers its endpoint under the network name, and moves to a standby when its node crashes, which
 * fences the old epoch out of the database.
 */
@Tag("extended") // not in the default suite (README, "Tests"): run with -Pextended
@Tag("zookeeper")
class MasterSecretServiceTest {
    @TempDir
    Path dir;

    private MssCluster mss;
    private InProcessCluster cluster;
    private ClusterCa ca;
    private Keyring keyring;
    private SsoStore observer;

    @BeforeEach
    void start() throws Exception {
        mss = new MssCluster(dir);
        cluster = mss.cluster;
        ca = mss.ca;
        keyring = mss.initial;
        observer = mss.observer;
    }

    @AfterEach
    void stop() {
        if (mss != null) {
            mss.close();
        }
    }

    private FetchedKeyring fetchAsSsoServer(URI endpoint) {
        TlsMaterial ssoServer =
                TlsMaterial.of(ca.issueNode("node3", "127.0.0.1", Set.of(NodeRole.SSO_SERVER)), ca.certificate());
        try (KeyringClient client = new KeyringClient(ssoServer)) {
            return client.fetch(endpoint);
        }
    }

    @Test
    void whenTheGroupComesOnline_thenSsoServersFindAndFetchTheKeyringAndTheEpochFencesTheDatabase() {
        GroupInfo online = cluster.awaitGroup("ENTSSO", "node1", GroupState.Online);
        Map<String, String> name = mss.awaitName(online.epoch());
        assertThat(name)
                .containsEntry("CurrentMsid", keyring.current().msid().toString())
                .containsEntry("OwnerNode", "node1");
        try (FetchedKeyring fetched = fetchAsSsoServer(URI.create(name.get("Endpoint")))) {
            assertThat(fetched.epoch()).isEqualTo(online.epoch());
            assertThat(fetched.keyring().current().msid())
                    .isEqualTo(keyring.current().msid());
        }
        // The database records this term: a write fenced by it succeeds, one by an older epoch cannot happen.
        observer.asMasterSecretServer(online.epoch(), Idempotency.IDEMPOTENT, s -> null);
    }

    @Test
    void whenTheOwnerCrashes_thenTheStandbyServesWithALargerEpochAndTheOldEpochIsFencedOut() {
        GroupInfo first = cluster.awaitGroup("ENTSSO", "node1", GroupState.Online);
        mss.awaitName(first.epoch());
        cluster.crash("node1");
        GroupInfo second = cluster.awaitGroup("ENTSSO", "node2", GroupState.Online);
        assertThat(second.epoch()).isGreaterThan(first.epoch());
        Map<String, String> name = mss.awaitName(second.epoch());
        assertThat(name).containsEntry("OwnerNode", "node2");
        try (FetchedKeyring fetched = fetchAsSsoServer(URI.create(name.get("Endpoint")))) {
            assertThat(fetched.epoch()).isEqualTo(second.epoch());
        }
        assertThatThrownBy(() -> observer.asMasterSecretServer(first.epoch(), Idempotency.IDEMPOTENT, s -> null))
                .isInstanceOf(SsoException.class)
                .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(SsoError.FENCED));
    }

    private void awaitEpoch(KeyringHolder holder, long epoch) {
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> holder.status().map(s -> s.epoch() == epoch).orElse(false));
    }

    @Test
    void whenTheMasterSecretServerFailsOver_thenAnSsoServerKeepsDecryptingAndPicksUpTheNewTermByTheWatch() {
        GroupInfo first = cluster.awaitGroup("ENTSSO", "node1", GroupState.Online);
        KeyringHolder holder = mss.ssoServer();
        awaitEpoch(holder, first.epoch()); // the watch, not the 30 s poll
        ValueBinding binding = ValueBinding.of("app", "mapping:1", 1);
        byte[] value =
                new ValueCipher(keyring).encrypt("pw-1".getBytes(java.nio.charset.StandardCharsets.UTF_8), binding);

        cluster.crash("node1");
        assertThat(holder.decrypt(value, binding)).asString().isEqualTo("pw-1"); // served from the cached secret
        GroupInfo second = cluster.awaitGroup("ENTSSO", "node2", GroupState.Online);
        awaitEpoch(holder, second.epoch());
        assertThat(holder.decrypt(value, binding)).asString().isEqualTo("pw-1");
    }

    @Test
    void whenAnSsoServerStartsWhileNoMasterSecretServerIsOnline_thenItCannotDecryptUntilOneIs() {
        cluster.awaitGroup("ENTSSO", "node1", GroupState.Online);
        KeyringHolder running = mss.ssoServer();
        Awaitility.await().atMost(Timing.shortWait()).until(running::hasKeyring);
        cluster.admin().stopGroup("ENTSSO", Timing.forWaiting());

        KeyringHolder restarted =
                mss.ssoServer(); // an SSO server restarted now: it must fetch again (DESIGN decision 6)
        ValueBinding binding = ValueBinding.of("app", "mapping:1", 1);
        byte[] value =
                new ValueCipher(keyring).encrypt("pw-1".getBytes(java.nio.charset.StandardCharsets.UTF_8), binding);
        assertThatThrownBy(() -> restarted.decrypt(value, binding))
                .isInstanceOf(SsoException.class)
                .satisfies(e -> assertThat(((SsoException) e).code()).isEqualTo(10532));
        assertThat(running.decrypt(value, binding)).asString().isEqualTo("pw-1"); // the others are unaffected

        cluster.admin().startGroup("ENTSSO", Timing.forWaiting());
        Awaitility.await().atMost(Timing.shortWait()).until(restarted::hasKeyring);
        assertThat(restarted.decrypt(value, binding)).asString().isEqualTo("pw-1");
    }
}
