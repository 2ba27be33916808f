package org.entsso.sso.store;

import java.util.Optional;
import java.util.UUID;

/**
 * Where background re-encryption stands, as recorded in the global row so that a new master secret server can
 * resume it.
 *
 * @param running whether re-encryption is under way
 * @param sourceMsid the MSID whose rows are being re-encrypted, while running
 * @param cursor how far it got, while running
 */
public record ReencryptionStatus(boolean running, Optional<UUID> sourceMsid, Optional<ReencryptionCursor> cursor) {
    /** Nothing to re-encrypt. */
    public static ReencryptionStatus idle() {
        return new ReencryptionStatus(false, Optional.empty(), Optional.empty());
    }

    /** Re-encrypting the rows of {@code sourceMsid}, next from {@code cursor}. */
    public static ReencryptionStatus running(UUID sourceMsid, ReencryptionCursor cursor) {
        return new ReencryptionStatus(true, Optional.of(sourceMsid), Optional.of(cursor));
    }
}
