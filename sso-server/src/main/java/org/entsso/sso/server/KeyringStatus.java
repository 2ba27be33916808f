package org.entsso.sso.server;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.crypto.Keyring;

/**
 * What an SSO server's {@link KeyringHolder} holds: MSIDs (never keys), the epoch of the master secret server that
 * served it, and when it was installed. Immutable and thread-safe.
 *
 * @param currentMsid the MSID new values are encrypted under
 * @param previousMsid the MSID before the last rotation, if any
 * @param epoch the serving master secret server's ownership epoch
 * @param installedAt when this SSO server installed the keyring
 */
public record KeyringStatus(UUID currentMsid, Optional<UUID> previousMsid, long epoch, Instant installedAt) {
    public KeyringStatus {
        Objects.requireNonNull(currentMsid, "currentMsid");
        Objects.requireNonNull(previousMsid, "previousMsid");
        Objects.requireNonNull(installedAt, "installedAt");
    }

    KeyringStatus(Keyring keyring, long epoch, Instant installedAt) {
        this(keyring.current().msid(), keyring.previous().map(s -> s.msid()), epoch, installedAt);
    }
}
