package org.entsso.sso.node;

import java.io.Closeable;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.mss.SecretRestore;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.tls.TlsMaterial;

/**
 * The SSO database as {@link ClusterInit} prepares it: opened once (an H2 server through a TLS tunnel presenting the
 * first SSO administrator's certificate, as nodes reach it with theirs), checked before any node file is written, so
 * that a refusal leaves nothing but the CA behind, and written last. The check runs again inside the writing
 * transaction. Two outcomes only:
 *
 * <ul>
 *   <li>a new cluster: the database must hold no master secret; sso-init never overwrites an SSO system's data;
 *   <li>a recovery ({@code --restore-secret}): the database must hold one, and the backup must hold every secret its
 *       values are under ({@link SecretRestore#checkCovers}); a database without one has nothing to recover, which
 *       most likely means the wrong database (a mistyped H2 name creates an empty one).
 * </ul>
 *
 * <p>Not thread-safe; one use by one initialisation.
 */
final class InitDatabase implements Closeable {
    private static final Logger LOG = LogManager.getLogger(InitDatabase.class);

    private final String url;
    private final DatabaseAccess access;
    private final SsoStore store;

    private InitDatabase(String url, DatabaseAccess access, SsoStore store) {
        this.url = url;
        this.access = access;
        this.store = store;
    }

    /** Opens the database of {@code plan} (and creates or migrates the schema). */
    static InitDatabase open(ClusterInit.Plan plan, TlsMaterial admin) {
        DatabaseSettings settings = new DatabaseSettings(
                plan.databaseUrl(),
                Optional.ofNullable(plan.databaseUser()),
                Optional.ofNullable(plan.databasePasswordFile()),
                Optional.empty(),
                plan.databasePlaintext());
        DatabaseAccess access = new DatabaseAccess(settings, admin);
        try {
            access.start();
            SsoStore store =
                    SsoStore.open(access.storeConfig().poolName("sso-init").build());
            return new InitDatabase(plan.databaseUrl(), access, store);
        } catch (RuntimeException e) {
            RuntimeException explained = access.explain(e);
            access.close();
            throw explained;
        }
    }

    /** Refuses a database that already holds an SSO system's data. */
    void checkNew() {
        GlobalInfo global = read(s -> s.globalInfo().get());
        refuseExisting(global);
    }

    /** Refuses a database this keyring cannot recover (see the class comment). */
    void checkRestorable(Keyring restored) {
        GlobalInfo global = read(s -> s.globalInfo().get());
        refuseUnrecoverable(global, restored);
    }

    /** Records the first secret {@code msid} (backed up now) and the first SSO administrator. */
    void recordNew(UUID msid, String administrator) {
        write(s -> {
            GlobalInfo global = s.globalInfo().get();
            refuseExisting(global);
            s.secrets().register(msid);
            s.secrets().recordBackup(msid, Instant.now());
            s.globalInfo().setCurrentMsid(msid);
            s.groups().add(administrator, global.settings().ssoAdminGroup());
            return null;
        });
    }

    /**
     * Records the restored keyring as the database's secret ({@link SecretRestore#record}), makes {@code administrator}
     * an SSO administrator (a no-op when the restored data already says so), and forgets the lost cluster's
     * master secret server term: the new ensemble's epochs start at 1 ({@link SsoStore#forgetTakeover}).
     */
    void recordRestored(Keyring restored, String administrator) {
        write(s -> {
            GlobalInfo global = s.globalInfo().get();
            refuseUnrecoverable(global, restored);
            SecretRestore.record(s, restored, global.currentMsid(), Instant.now());
            s.groups().add(administrator, global.settings().ssoAdminGroup());
            return null;
        });
        try {
            store.forgetTakeover();
        } catch (RuntimeException e) {
            throw access.explain(e);
        }
        LOG.info(
                "Restored master secret {} into the SSO database {}",
                restored.current().msid(),
                url);
    }

    private void refuseExisting(GlobalInfo global) {
        if (global.currentMsid().isPresent()) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "The SSO database " + url + " already holds an SSO system's data (master secret "
                            + global.currentMsid().get() + "); sso-init does not overwrite it. To recover that"
                            + " system, give its backup file with --restore-secret; to start a new one, give a new,"
                            + " empty database.");
        }
    }

    private void refuseUnrecoverable(GlobalInfo global, Keyring restored) {
        if (SecretRestore.dataUnder(global).isEmpty()) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "The SSO database " + url + " holds no master secret, so there is nothing to recover: check"
                            + " --database (and that the SQL backup was restored into it), or run sso-init without"
                            + " --restore-secret to start a new SSO system.");
        }
        SecretRestore.checkCovers(global, restored);
    }

    private <T> T read(Function<StoreSession, T> work) {
        try {
            return store.read(work::apply);
        } catch (RuntimeException e) {
            throw access.explain(e);
        }
    }

    private void write(Function<StoreSession, Void> work) {
        try {
            store.inTransaction(Idempotency.NOT_IDEMPOTENT, work::apply);
        } catch (RuntimeException e) {
            throw access.explain(e);
        }
    }

    @Override
    public void close() {
        store.close();
        access.close();
    }
}
