package org.entsso.sso.transport;

import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.TlsMaterial;

/** Keyring clients for the transport tests. */
final class TestKeyringClients {
    private TestKeyringClients() {}

    /** A fetching client with short timeouts. */
    static KeyringClient of(TlsMaterial material) {
        // The first TLS handshake of a cold JVM on a loaded 2-core machine can take seconds: scale with the timing.
        return new KeyringClient(material, TestPki.DEADLINE, TestPki.DEADLINE);
    }
}
