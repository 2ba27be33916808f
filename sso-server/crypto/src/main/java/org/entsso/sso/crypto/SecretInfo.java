package org.entsso.sso.crypto;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The public description of one master secret: its MSID and when it was created. Carries no key material, so it may be
 * logged and shown to operators (ENTSSO logs "Current MSID" and "Previous MSID", event 10559). Immutable.
 *
 * @param msid the master secret identifier
 * @param created when the secret was generated
 */
public record SecretInfo(UUID msid, Instant created) {
    public SecretInfo {
        Objects.requireNonNull(msid, "msid");
        Objects.requireNonNull(created, "created");
    }
}
