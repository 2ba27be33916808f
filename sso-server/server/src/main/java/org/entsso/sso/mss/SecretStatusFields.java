package org.entsso.sso.mss;

import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.SecretMetadata;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/**
 * The {@code backupWarning} and {@code reencryption} fields of the status document ({@code GET /v1/sys/status},
 * sso-server/docs/api.md), read from the SSO database so that every node, not only the master secret server, can
 * show them. Nothing here is secret. Immutable.
 *
 * @param backupWarning the 10589 text while the database's current secret has no backup
 * @param reencryptionState {@code IDLE} or {@code RUNNING}
 * @param sourceMsid the MSID being re-encrypted away from, while running
 * @param remaining rows still under it (0 when idle)
 */
public record SecretStatusFields(
        Optional<String> backupWarning, String reencryptionState, Optional<UUID> sourceMsid, long remaining) {

    /** The ENTSSO event id of {@link #backupWarning()}: 10589. */
    public static final int BACKUP_WARNING_CODE = SsoError.SECRET_NOT_BACKED_UP.code();

    /** Reads the fields in one read-only transaction. */
    public static SecretStatusFields read(SsoStore store) {
        return store.read((StoreSession s) -> {
            GlobalInfo global = s.globalInfo().get();
            boolean backedUp = global.currentMsid()
                    .flatMap(msid -> s.secrets().find(msid))
                    .flatMap(SecretMetadata::lastBackupAt)
                    .isPresent();
            Optional<UUID> source =
                    global.reencryption().running() ? global.reencryption().sourceMsid() : Optional.empty();
            return new SecretStatusFields(
                    backedUp || global.currentMsid().isEmpty()
                            ? Optional.empty()
                            : Optional.of(SsoError.SECRET_NOT_BACKED_UP.format(null)),
                    source.isPresent() ? "RUNNING" : "IDLE",
                    source,
                    source.map(msid -> s.reencryption().count(msid)).orElse(0L));
        });
    }
}
