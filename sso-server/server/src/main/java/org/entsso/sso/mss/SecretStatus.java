package org.entsso.sso.mss;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@code GET /v1/sys/secret} answers: the master secret server's secrets (MSIDs and times, never a key), the
 * 10589 backup warning and the progress of background re-encryption. Immutable.
 *
 * @param currentMsid the current secret
 * @param currentCreated when the current secret was generated
 * @param previousMsid the previous secret, kept until re-encryption retires it
 * @param lastBackupAt when the current secret was last backed up, if ever
 * @param backupWarning the 10589 text while the current secret has no backup
 * @param reencryptionState {@code IDLE} or {@code RUNNING}
 * @param reencryptionSource the MSID being re-encrypted away from, while running
 * @param remaining rows still under the source MSID (0 when idle)
 * @param epoch the master secret server's ownership epoch
 */
public record SecretStatus(
        UUID currentMsid,
        Instant currentCreated,
        Optional<UUID> previousMsid,
        Optional<Instant> lastBackupAt,
        Optional<String> backupWarning,
        String reencryptionState,
        Optional<UUID> reencryptionSource,
        long remaining,
        long epoch) {}
