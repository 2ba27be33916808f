package org.entsso.sso.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the database knows about a master secret: never the secret itself.
 *
 * @param msid the secret's id
 * @param createdAt when it was generated
 * @param lastBackupAt when it was last backed up, if ever
 * @param retired whether it was retired after re-encryption
 */
public record SecretMetadata(UUID msid, Instant createdAt, Optional<Instant> lastBackupAt, boolean retired) {}
