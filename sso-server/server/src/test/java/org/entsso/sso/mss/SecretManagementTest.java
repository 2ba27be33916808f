package org.entsso.sso.mss;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.SecretInfo;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringStatus;
import org.entsso.sso.store.SecretMetadata;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.TlsMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret endpoints of the master secret server through {@link SecretAdminClient}, on a real ensemble with a
 * shared H2 database: generate, backup, restore, the 10589 warning and the SSO Administrators check.
 */
@Tag("zookeeper")
class SecretManagementTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private MssCluster mss;
    private String endpoint;
    private SecretAdminClient admin;

    @BeforeEach
    void start() throws Exception {
        mss = new MssCluster(dir, true, MssCluster.settings(50, Duration.ZERO));
        GroupInfo online = mss.cluster.awaitGroup("ENTSSO", "node1", GroupState.Online);
        endpoint = mss.awaitName(online.epoch()).get("Endpoint");
        mss.makeSsoAdministrator(MssCluster.ADMIN);
        admin = mss.adminClient(mss.admin(MssCluster.ADMIN), endpoint);
    }

    @AfterEach
    void stop() {
        mss.close();
    }

    private static SsoException failure(Runnable call) {
        try {
            call.run();
        } catch (SsoException e) {
            return e;
        }
        throw new AssertionError("expected an SsoException");
    }

    @Test
    void whenAnAdministratorGenerates_thenTheBackupOpensToTheNewSecretAndSsoServersPickItUpByTheWatch() {
        KeyringHolder ssoServer = mss.ssoServer();
        UUID old = mss.initial.current().msid();
        Awaitility.await().atMost(Timing.shortWait()).until(ssoServer::hasKeyring);

        SecretBackup generated = admin.generate(PASSWORD.toCharArray(), "the usual");

        assertThat(generated.msid()).isNotEqualTo(old);
        try (Keyring restored = new BackupFile(MssCluster.FAST).fromBytes(generated.backup(), PASSWORD.toCharArray())) {
            assertThat(restored.current().msid()).isEqualTo(generated.msid());
            assertThat(restored.previous().map(SecretInfo::msid)).contains(old);
        }
        Awaitility.await()
                .atMost(Timing.shortWait())
                .until(() -> ssoServer.status().map(KeyringStatus::currentMsid).orElse(null), generated.msid()::equals);
        Map<String, String> name = mss.cluster.admin().resolveName("ENTSSO").orElseThrow();
        assertThat(name).containsEntry("CurrentMsid", generated.msid().toString());
        SecretStatus status = admin.status();
        assertThat(status.currentMsid()).isEqualTo(generated.msid());
        assertThat(status.previousMsid()).contains(old);
        assertThat(status.backupWarning()).isEmpty();
        assertThat(mss.observer.read((StoreSession s) -> s.globalInfo().get().currentMsid()))
                .contains(generated.msid());
    }

    @Test
    void whenTheSecretHasNoBackup_thenTheStatusCarries10589UntilABackupIsTaken() {
        SecretStatus before = admin.status();
        assertThat(before.currentMsid()).isEqualTo(mss.initial.current().msid());
        assertThat(before.backupWarning()).hasValueSatisfying(w -> assertThat(w).contains("has not been backed up"));
        assertThat(before.lastBackupAt()).isEmpty();
        assertThat(SecretStatusFields.read(mss.observer).backupWarning()).isPresent();

        SecretBackup backup = admin.backup(PASSWORD.toCharArray(), null);

        assertThat(backup.msid()).isEqualTo(mss.initial.current().msid());
        SecretStatus after = admin.status();
        assertThat(after.backupWarning()).isEmpty();
        assertThat(after.lastBackupAt()).isPresent();
        assertThat(SecretStatusFields.read(mss.observer).backupWarning()).isEmpty();
        assertThat(mss.observer.read((StoreSession s) -> s.secrets().find(backup.msid())))
                .hasValueSatisfying(m -> assertThat(m.lastBackupAt()).isPresent());
    }

    @Test
    void whenTheBackupPasswordIsShort_thenGenerateIsRefusedWith10500AndNothingChanges() {
        SsoException e = failure(() -> admin.generate("short".toCharArray(), null));

        assertThat(e.code()).isEqualTo(15000);
        assertThat(e.getMessage()).contains("at least 12 characters");
        assertThat(admin.status().currentMsid()).isEqualTo(mss.initial.current().msid());
    }

    @Test
    void whenRestoringWithAWrongPasswordOrGarbageOrAForeignSecret_thenItIsRefusedWith10815Or10564() {
        byte[] backup = admin.backup(PASSWORD.toCharArray(), "hint").backup();

        assertThat(failure(() -> admin.restore(backup, "not the password".toCharArray()))
                        .code())
                .isEqualTo(10815);
        assertThat(failure(() -> admin.restore("garbage, not a backup".getBytes(), PASSWORD.toCharArray()))
                        .code())
                .isEqualTo(10564);
        byte[] foreign;
        try (Keyring other = Keyring.generate()) {
            foreign = new BackupFile(MssCluster.FAST).toBytes(other, PASSWORD.toCharArray(), null);
        }
        SsoException refused = failure(() -> admin.restore(foreign, PASSWORD.toCharArray()));
        assertThat(refused.code()).isEqualTo(10815);
        assertThat(refused.getMessage()).contains("unreadable");

        assertThat(admin.restore(backup, PASSWORD.toCharArray()))
                .isEqualTo(mss.initial.current().msid());
        assertThat(mss.observer.read((StoreSession s) ->
                        s.secrets().find(mss.initial.current().msid())))
                .hasValueSatisfying(m -> assertThat(m.lastBackupAt()).isPresent());
    }

    @Test
    void whenTheCallerIsNotAnSsoAdministrator_thenTheSecretEndpointsAnswer403With10766() throws Exception {
        TlsMaterial outsider = mss.admin("CONTOSO\\mallory");
        SecretAdminClient notMember = mss.adminClient(outsider, endpoint);
        assertThat(failure(notMember::status).code()).isEqualTo(11042);
        assertThat(failure(() -> notMember.generate(PASSWORD.toCharArray(), null))
                        .code())
                .isEqualTo(11042);
        TlsMaterial clientCertificate = TlsMaterial.of(mss.ca.issueClient(MssCluster.ADMIN), mss.ca.certificate());
        assertThat(failure(() -> mss.adminClient(clientCertificate, endpoint).backup(PASSWORD.toCharArray(), null))
                        .code())
                .isEqualTo(11042);

        HttpResponse<String> raw = TestPki.get(outsider, URI.create(endpoint + SecretEndpoints.STATUS));
        assertThat(raw.statusCode()).isEqualTo(403);
        assertThat(raw.body()).contains("\"code\":11042");
        assertThat(admin.status().currentMsid()).isEqualTo(mss.initial.current().msid());
        assertThat(mss.observer.read((StoreSession s) -> s.secrets().list()))
                .extracting(SecretMetadata::msid)
                .containsExactly(mss.initial.current().msid());
    }
}
