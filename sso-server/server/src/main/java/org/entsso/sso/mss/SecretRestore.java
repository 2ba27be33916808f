package org.entsso.sso.mss;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.SecretInfo;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.ReencryptionCursor;
import org.entsso.sso.store.ReencryptionStatus;
import org.entsso.sso.store.StoreSession;

/**
 * What restoring a backup file's keyring means for the SSO database, shared by {@code ssoconfig -restoresecret} on a
 * running master secret server ({@link SecretManager#restore}) and {@code sso-init --restore-secret}, which rebuilds
 * a cluster around a surviving database (disaster recovery, anchors/entsso.md §5: a new master secret server, pointed
 * at the restored SSO database, then {@code -restoresecret}). Stateless; thread-safe.
 */
public final class SecretRestore {
    private SecretRestore() {}

    /**
     * The MSIDs the database's values are under: the current one and, while re-encryption runs, its source. Empty for
     * a database that holds no master secret yet.
     */
    public static Set<UUID> dataUnder(GlobalInfo global) {
        Set<UUID> msids = new LinkedHashSet<>();
        global.currentMsid().ifPresent(msids::add);
        global.reencryption().sourceMsid().ifPresent(msids::add);
        return msids;
    }

    /**
     * Refuses a keyring that lacks a secret the database's values are under: installing it would make them
     * unreadable.
     *
     * @throws SsoException INCORRECT_MASTER_SECRET (10815) naming the secrets of both
     */
    public static void checkCovers(GlobalInfo global, Keyring restored) {
        Set<UUID> dataUnder = dataUnder(global);
        if (!dataUnder.stream().allMatch(restored::contains)) {
            throw new SsoException(
                    SsoError.INCORRECT_MASTER_SECRET,
                    "The backup holds the secrets "
                            + restored.secrets().stream().map(SecretInfo::msid).toList()
                            + " but the SSO database's data is under " + dataUnder
                            + "; restoring it would make that data unreadable. Restore this SSO system's backup.");
        }
    }

    /**
     * Records {@code restored} in the database, in the caller's transaction: every secret it holds is registered, its
     * current one is the database's current MSID and counts as backed up at {@code now}, and values still under the
     * database's former current secret ({@code dbCurrent}, when the backup holds it as its previous one) are
     * re-encrypted under the restored current one.
     */
    public static void record(StoreSession tx, Keyring restored, Optional<UUID> dbCurrent, Instant now) {
        UUID msid = restored.current().msid();
        restored.secrets().forEach(info -> tx.secrets().register(info.msid()));
        tx.globalInfo().setCurrentMsid(msid);
        tx.secrets().recordBackup(msid, now);
        if (dbCurrent.isPresent()
                && !dbCurrent.get().equals(msid)
                && restored.contains(dbCurrent.get())
                && tx.reencryption().count(dbCurrent.get()) > 0) {
            tx.globalInfo().setReencryption(ReencryptionStatus.running(dbCurrent.get(), ReencryptionCursor.start()));
        }
    }
}
