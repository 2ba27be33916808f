package org.entsso.sso.crypto.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance this module uses, passed explicitly to every JCA call that needs it. We
 * never call {@code Security.addProvider}: no global JVM mutation (java-anchors.md §1.5, Netty's
 * {@code BouncyCastleSelfSignedCertGenerator}). Thread-safe: a provider is immutable once built.
 */
public final class BouncyCastle {
    /** The provider instance; never registered with {@link java.security.Security}. */
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {}
}
