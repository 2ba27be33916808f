package org.entsso.sso.mss;

import java.time.Duration;
import java.util.Objects;
import org.entsso.sso.crypto.PasswordStretching;

/**
 * How the master secret server manages its secret: the cost of backup-file passwords, the shape of background
 * re-encryption and how often crypto checkpoints are re-checked. Immutable.
 *
 * @param backupStretching Argon2id parameters for backup files this server writes
 * @param reencryptionBatchSize rows per re-encryption batch (one fenced transaction each)
 * @param reencryptionBatchPause pause between batches, to leave the database to lookups (zero = none)
 * @param retryMinBackoff first wait after a failed batch; doubles per failure
 * @param retryMaxBackoff longest wait between retries
 * @param checkpointInterval how often the set of possible owners' keys is re-read to re-seal the checkpoints
 */
public record SecretSettings(
        PasswordStretching backupStretching,
        int reencryptionBatchSize,
        Duration reencryptionBatchPause,
        Duration retryMinBackoff,
        Duration retryMaxBackoff,
        Duration checkpointInterval) {
    public SecretSettings {
        Objects.requireNonNull(backupStretching, "backupStretching");
        if (reencryptionBatchSize < 1) {
            throw new IllegalArgumentException("reencryptionBatchSize must be positive");
        }
        requireNotNegative(reencryptionBatchPause, "reencryptionBatchPause");
        requireNotNegative(retryMinBackoff, "retryMinBackoff");
        requireNotNegative(retryMaxBackoff, "retryMaxBackoff");
        requireNotNegative(checkpointInterval, "checkpointInterval");
    }

    /**
     * The production defaults: recommended Argon2id, batches of 200 rows without pause, retries from 1 s to 5 min
     * (ENTSSO retries re-encryption "in %1 minutes", event 10522), checkpoints re-checked every 10 s.
     */
    public static SecretSettings defaults() {
        return new SecretSettings(
                PasswordStretching.RECOMMENDED,
                200,
                Duration.ZERO,
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                Duration.ofSeconds(10));
    }

    private static void requireNotNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive");
        }
    }
}
