package org.entsso.sso.store;

import java.util.UUID;

/**
 * The single global row. Bound to one transaction; not thread-safe. The fencing epoch is not changed here but
 * through {@link SsoStore#takeOver}, so that only a master secret server taking over can move it.
 */
public interface GlobalInfoRepository {
    /** Reads the row. */
    GlobalInfo get();

    /**
     * Replaces the settings if the row still has {@code expectedUpdateStamp} (optimistic concurrency).
     *
     * @return the row after the change
     * @throws org.entsso.sso.SsoException CONCURRENT_UPDATE when somebody changed the row in between
     */
    GlobalInfo updateSettings(long expectedUpdateStamp, GlobalSettings settings);

    /** Records the MSID of the current master secret. Master secret server only: run it fenced. */
    GlobalInfo setCurrentMsid(UUID msid);

    /** Records the re-encryption state and cursor. Master secret server only: run it fenced. */
    GlobalInfo setReencryption(ReencryptionStatus status);
}
