package org.entsso.sso.transport;

import java.util.Objects;
import org.entsso.sso.crypto.Keyring;

/**
 * What a {@link KeyringServer} hands out at one moment: the keyring and the ownership epoch of the master secret
 * server serving it. The keyring stays owned by whoever supplied it; the server neither closes nor keeps it.
 * Immutable; {@link #toString()} shows MSIDs only.
 *
 * @param keyring the open keyring to serve
 * @param epoch the MSS's ownership epoch (DESIGN.md decision 3), at least 0
 */
public record ServedKeyring(Keyring keyring, long epoch) {
    public ServedKeyring {
        Objects.requireNonNull(keyring, "keyring");
        if (epoch < 0) {
            throw new IllegalArgumentException("an ownership epoch is never negative: " + epoch);
        }
    }
}
