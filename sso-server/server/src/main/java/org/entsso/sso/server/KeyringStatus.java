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
 * @param currentCreated when the current secret was generated (kept through backups, restores and checkpoints)
 * @param previousMsid the MSID before the last rotation, if any
 * @param epoch the serving master secret server's ownership epoch
 * @param installedAt when this SSO server installed the keyring
 */
public record KeyringStatus(
        UUID currentMsid, Instant currentCreated, Optional<UUID> previousMsid, long epoch, Instant installedAt) {
    public KeyringStatus {
        Objects.requireNonNull(currentMsid, "currentMsid");
        Objects.requireNonNull(currentCreated, "currentCreated");
        Objects.requireNonNull(previousMsid, "previousMsid");
        Objects.requireNonNull(installedAt, "installedAt");
    }

    KeyringStatus(Keyring keyring, long epoch, Instant installedAt) {
        this(
                keyring.current().msid(),
                keyring.current().created(),
                keyring.previous().map(s -> s.msid()),
                epoch,
                installedAt);
    }
}
