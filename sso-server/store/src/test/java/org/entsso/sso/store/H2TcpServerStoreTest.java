package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/** The store contract on H2 served over TCP, as several node processes share it in the local cluster. */
class H2TcpServerStoreTest extends AbstractStoreContractTest {
    private Server server;
    private String url;
    private Path dir;

    @Override
    protected StoreConfig startDatabase() throws Exception {
        dir = Files.createTempDirectory("sso-h2-tcp");
        server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists")
                .start();
        url = H2Urls.server("127.0.0.1", server.getPort(), "sso");
        return StoreConfig.builder(url).poolName("h2-tcp").build();
    }

    @Override
    protected void stopDatabase() {
        if (server != null) {
            server.stop();
        }
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void twoNodesSharingTheServer_onlyTheNewestEpochWrites() {
        try (SsoStore node2 =
                SsoStore.open(StoreConfig.builder(url).poolName("h2-tcp-node2").build())) {
            long epoch = store.read((StoreSession s) -> s.globalInfo().get().masterSecretServerEpoch()) + 1;
            store.takeOver(epoch, "node1");
            node2.takeOver(epoch + 1, "node2");
            String fromNode1 = unique("FromNode1");
            String fromNode2 = unique("FromNode2");

            assertThatThrownBy(() -> store.asMasterSecretServer(
                            epoch,
                            Idempotency.NOT_IDEMPOTENT,
                            (StoreSession s) -> s.applications()
                                    .create(new ApplicationSpec(fromNode1, null, null, "u", "a", 0, 1))))
                    .isInstanceOf(SsoException.class)
                    .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(SsoError.FENCED));
            node2.asMasterSecretServer(
                    epoch + 1,
                    Idempotency.NOT_IDEMPOTENT,
                    (StoreSession s) ->
                            s.applications().create(new ApplicationSpec(fromNode2, null, null, "u", "a", 0, 1)));
            assertThat(node2.read((StoreSession s) -> s.applications().find(fromNode1)))
                    .isEmpty();
            assertThat(store.read((StoreSession s) -> s.applications().find(fromNode2)))
                    .isPresent();
        }
    }

    /**
     * Another node frozen mid-trim (its transaction holds the lock on every old lookup row) must not hold up this
     * node's audited lookups: they commit, and the table reaches its cap once the locks are gone (stop round 10 of the
     * issue 14 drill, where a trim inside the lookup's transaction failed lookups with 10515 after the lock timeout).
     */
    @Test
    void auditedLookups_doNotWaitOnAnotherNodesTrim() throws Exception {
        setAuditCaps(1000, 1000, 3, 3);
        String app = unique("Trim");
        for (int i = 0; i < 5; i++) {
            recordLookup(app, "before" + i);
        }
        try (Connection frozen = DriverManager.getConnection(url, "sa", "")) {
            frozen.setAutoCommit(false);
            try (Statement st = frozen.createStatement()) {
                assertThat(st.executeUpdate("DELETE FROM audit_credential_lookup WHERE lookup_kind = 'NTP'"))
                        .isPositive();
            }
            // Inserting and trimming in one transaction, this waited for the frozen node's locks and failed.
            recordLookup(app, "during");
            assertThat(store.read((StoreSession s) -> s.audit().credentialLookups(AuditEntry.LookupKind.NTP)))
                    .first()
                    .satisfies(l -> assertThat(l.externalUser()).contains("during"));
            frozen.rollback();
        }
        recordLookup(app, "after");

        // The trimmer runs at most once a second per kind.
        Awaitility.await("the lookup table trimmed to its cap")
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> ntpRows() <= 3);
        assertThat(ntpRows()).isEqualTo(3);
        assertThat(store.read((StoreSession s) -> s.audit().credentialLookups(AuditEntry.LookupKind.NTP)))
                .extracting(l -> l.externalUser().orElseThrow())
                .containsExactly("after", "during", "before4");
    }

    /** An audited lookup as the lookup service runs it: a read, in its own transaction. */
    private void recordLookup(String app, String externalUser) {
        store.read((StoreSession s) -> {
            s.audit()
                    .recordCredentialLookup(
                            AuditEntry.LookupKind.NTP,
                            app,
                            Optional.empty(),
                            Optional.of(externalUser),
                            Optional.empty(),
                            true,
                            Optional.empty());
            return null;
        });
    }

    private long ntpRows() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT COUNT(*) FROM audit_credential_lookup WHERE lookup_kind = 'NTP'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
