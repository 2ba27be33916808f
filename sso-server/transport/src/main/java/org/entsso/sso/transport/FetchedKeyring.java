package org.entsso.sso.transport;

import java.io.Closeable;
import java.net.URI;
import java.util.Objects;
import org.entsso.sso.crypto.Keyring;

/**
 * A keyring fetched by {@link KeyringClient}, with the epoch of the master secret server that served it and where it
 * came from. The holder owns the keyring: {@link #close()} zeroes it. Keep it in memory only (DESIGN.md decision 6).
 * Thread-safe as {@link Keyring} is; {@link #toString()} shows MSIDs only.
 *
 * @param keyring the keyring, current and previous secrets
 * @param epoch the serving MSS's ownership epoch
 * @param source the endpoint it was fetched from
 */
public record FetchedKeyring(Keyring keyring, long epoch, URI source) implements Closeable {
    public FetchedKeyring {
        Objects.requireNonNull(keyring, "keyring");
        Objects.requireNonNull(source, "source");
    }

    /** Zeroes the keyring. Idempotent. */
    @Override
    public void close() {
        keyring.close();
    }
}
