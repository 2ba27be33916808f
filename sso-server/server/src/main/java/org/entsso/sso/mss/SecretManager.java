package org.entsso.sso.mss;

import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.crypto.SecretInfo;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.ReencryptionCursor;
import org.entsso.sso.store.ReencryptionStatus;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/**
 * Generate, back up and restore the master secret on the master secret server (anchors/entsso.md §2, ssoconfig
 * {@code -generatesecret}, {@code -backupsecret}, {@code -restoresecret}). Each change is saved to the node's secret
 * store, recorded in the database fenced by the epoch (current MSID, secret metadata, re-encryption state), installed
 * in the {@link MssKeyring}, published under the network name (SSO servers fetch it within a second), and sealed into
 * the crypto checkpoints. Backup files leave the server sealed under the administrator's password.
 *
 * <p>Thread-safe: operations run one at a time (a fair lock). Passwords are cleared before each method returns; keys
 * and passwords never reach a log line or an exception message.
 */
final class SecretManager {
    private static final Logger LOG = LogManager.getLogger(SecretManager.class);

    private final ResourceContext ctx;
    private final SsoStore store;
    private final NodeSecretStore secretStore;
    private final MssKeyring keyrings;
    private final BackupFile backups;
    private final CheckpointPublisher checkpoints;
    private final Reencryptor reencryptor;
    private final NamePublisher names;
    private final Clock clock = Clock.systemUTC();
    private final ReentrantLock lock = new ReentrantLock(true);

    SecretManager(
            ResourceContext ctx,
            SsoStore store,
            NodeSecretStore secretStore,
            MssKeyring keyrings,
            BackupFile backups,
            CheckpointPublisher checkpoints,
            Reencryptor reencryptor,
            NamePublisher names) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.store = Objects.requireNonNull(store, "store");
        this.secretStore = Objects.requireNonNull(secretStore, "secretStore");
        this.keyrings = Objects.requireNonNull(keyrings, "keyrings");
        this.backups = Objects.requireNonNull(backups, "backups");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.reencryptor = Objects.requireNonNull(reencryptor, "reencryptor");
        this.names = Objects.requireNonNull(names, "names");
    }

    /**
     * A new current secret (the old current becomes the previous one), returned as a backup file sealed under
     * {@code password}; re-encryption of the old secret's values starts in the background.
     *
     * @throws SsoException INVALID_ARGUMENT (15000) for a password under 12 characters; REENCRYPTION_IN_PROGRESS
     *     (10814) while values are still under the previous secret; FENCED when this term is over
     */
    SecretBackup generate(char[] password, String reminder) {
        lock.lock();
        try {
            refuseWhileReencrypting();
            Keyring rotated = keyrings.withKeyring(Keyring::rotate);
            UUID msid = rotated.current().msid();
            UUID old = rotated.previous().map(SecretInfo::msid).orElseThrow();
            byte[] backup;
            try {
                backup = backups.toBytes(rotated, password, reminder);
                commit(rotated, tx -> {
                    tx.secrets().register(msid);
                    tx.secrets().recordBackup(msid, clock.instant());
                    if (tx.reencryption().count(old) > 0) {
                        tx.globalInfo().setReencryption(ReencryptionStatus.running(old, ReencryptionCursor.start()));
                    }
                });
            } catch (RuntimeException e) {
                rotated.close();
                throw e;
            }
            LOG.info("Generated master secret {} on {} (previous {}); re-encryption starts", msid, ctx.nodeName(), old);
            return new SecretBackup(msid, backup);
        } finally {
            Arrays.fill(password, '\0');
            lock.unlock();
        }
    }

    /** The current keyring as a backup file sealed under {@code password}; records the backup (clears 10589). */
    SecretBackup backup(char[] password, String reminder) {
        lock.lock();
        try {
            byte[] backup = keyrings.withKeyring(k -> backups.toBytes(k, password, reminder));
            UUID msid = keyrings.withKeyring(k -> k.current().msid());
            store.asMasterSecretServer(ctx.epoch(), Idempotency.IDEMPOTENT, (StoreSession tx) -> {
                tx.secrets().register(msid);
                return tx.secrets().recordBackup(msid, clock.instant());
            });
            LOG.info("Master secret {} backed up on {}", msid, ctx.nodeName());
            return new SecretBackup(msid, backup);
        } finally {
            Arrays.fill(password, '\0');
            lock.unlock();
        }
    }

    /**
     * Installs the keyring of a backup file as this server's secret.
     *
     * @throws SsoException INCORRECT_MASTER_SECRET (10815) for a wrong password or a backup that lacks an MSID the
     *     database's data is under ({@link SecretRestore#checkCovers}); BACKUP_FILE_FORMAT (10564) for anything not an intact backup file
     */
    UUID restore(byte[] backup, char[] password) {
        lock.lock();
        try {
            Keyring restored = backups.fromBytes(backup, password);
            try {
                GlobalInfo global =
                        store.read((StoreSession s) -> s.globalInfo().get());
                SecretRestore.checkCovers(global, restored);
                commit(restored, tx -> SecretRestore.record(tx, restored, global.currentMsid(), clock.instant()));
            } catch (RuntimeException e) {
                restored.close();
                throw e;
            }
            LOG.info("Restored master secret {} on {}", restored, ctx.nodeName());
            return restored.current().msid();
        } finally {
            Arrays.fill(password, '\0');
            lock.unlock();
        }
    }

    /**
     * Makes {@code next} the secret: secret store, fenced database change ({@code also} runs in that transaction),
     * then the holder, the published name, the checkpoints and the re-encryption worker. A failed database change puts
     * the old keyring back in the secret store.
     */
    private void commit(Keyring next, java.util.function.Consumer<StoreSession> also) {
        secretStore.saveKeyring(next);
        try {
            store.asMasterSecretServer(ctx.epoch(), Idempotency.IDEMPOTENT, (StoreSession tx) -> {
                tx.globalInfo().setCurrentMsid(next.current().msid());
                also.accept(tx);
                return null;
            });
        } catch (RuntimeException e) {
            keyrings.withKeyring(k -> {
                secretStore.saveKeyring(k);
                return null;
            });
            throw e;
        }
        keyrings.install(next);
        try {
            names.publish(next.current().msid());
            checkpoints.refresh(next);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Master secret {} is recorded, but publishing it failed on {}: {}",
                    next.current().msid(),
                    ctx.nodeName(),
                    e.getMessage());
        }
        reencryptor.wake();
    }

    private void refuseWhileReencrypting() {
        UUID previous =
                keyrings.withKeyring(k -> k.previous().map(SecretInfo::msid).orElse(null));
        boolean busy = store.read(
                (StoreSession s) -> s.globalInfo().get().reencryption().running()
                        || (previous != null && s.reencryption().count(previous) > 0));
        if (busy) {
            throw new SsoException(
                    SsoError.REENCRYPTION_IN_PROGRESS,
                    "Values are still encrypted under the previous master secret " + previous + ".");
        }
    }
}
