package org.entsso.sso.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Known MSIDs and when each was last backed up. Bound to one transaction; not thread-safe. */
public interface SecretMetadataRepository {
    /** Records a newly generated secret; no-op when already known. Idempotent. */
    SecretMetadata register(UUID msid);

    /**
     * Records a backup of a secret taken at {@code at}.
     *
     * @throws org.entsso.sso.SsoException NOT_FOUND for an unknown MSID
     */
    SecretMetadata recordBackup(UUID msid, Instant at);

    /** Marks a secret retired (nothing is encrypted under it any more). */
    SecretMetadata retire(UUID msid);

    /** Finds one secret's metadata. */
    Optional<SecretMetadata> find(UUID msid);

    /** Every known secret, oldest first. */
    List<SecretMetadata> list();
}
