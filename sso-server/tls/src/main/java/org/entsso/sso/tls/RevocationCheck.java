package org.entsso.sso.tls;

import java.security.cert.X509Certificate;

/**
 * Which certificates the cluster CA has revoked, as the handshake asks it: a peer certificate for which this answers
 * true fails the handshake. The server side implements it over the CA's CRL ({@code RevocationList}); the client
 * library never needs one. Implementations are thread-safe and answer from memory.
 */
@FunctionalInterface
public interface RevocationCheck {
    /** Whether {@code certificate} is revoked now. */
    boolean isRevoked(X509Certificate certificate);
}
