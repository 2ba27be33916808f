package org.entsso.sso.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain (leaf first) with its private key: what {@link TlsMaterial#of(TlsIdentity, X509Certificate)}
 * presents. The cluster CA's issued certificates implement it. Implementations never print the key.
 */
public interface TlsIdentity {
    /** The chain, leaf first. */
    List<X509Certificate> chain();

    /** The leaf's private key. */
    PrivateKey privateKey();
}
