package org.entsso.sso.tls.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.RevocationCheck;

/**
 * Builds TLS 1.3 contexts from a chain, a key and the cluster CA, each with its own key and trust managers (never the
 * JVM default context). Stateless.
 */
public final class TlsContexts {
    private TlsContexts() {}

    /**
     * A context presenting {@code chain}; as a client it also requires {@code serverRole} of the server; with a
     * revocation list, a peer certificate on it fails the handshake.
     */
    public static SSLContext create(
            List<X509Certificate> chain,
            PrivateKey key,
            X509Certificate ca,
            Optional<NodeRole> serverRole,
            Optional<RevocationCheck> revoked) {
        return build(chain, key, () -> trustManagers(ca, serverRole, revoked));
    }

    private interface TrustSource {
        TrustManager[] get() throws GeneralSecurityException, IOException;
    }

    private static SSLContext build(List<X509Certificate> chain, PrivateKey key, TrustSource trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(new KeyManager[] {keyManager(chain, key)}, trust.get(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not build a TLS 1.3 context for the certificate", e);
        }
    }

    /**
     * The key manager that presents {@code chain} and {@code key}: the JDK's SunX509 manager (its default), which reads
     * the key out of the key store once, when it is built. Not the PKIX one: that manager names the key with a new
     * alias on every handshake and caches keys by alias, so every handshake decrypted the password-protected PKCS#12
     * entry again (PBKDF2 with 10,000 HMAC-SHA256 iterations, about 6 ms of CPU on the 2-core VM) on both ends: a
     * client that reconnects in a loop made that the server's main cost (issue 10, the run under attack).
     */
    public static X509ExtendedKeyManager keyManager(List<X509Certificate> chain, PrivateKey key)
            throws GeneralSecurityException, IOException {
        // The in-memory key store only needs some password; a fresh random one keeps it from being a constant.
        char[] password = randomPassword();
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("self", key, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
            factory.init(keys, password);
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager extended) {
                    return extended;
                }
            }
            throw new GeneralSecurityException("the SunX509 key manager factory made no X509ExtendedKeyManager");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * A context presenting {@code chain} that accepts, as client or as server, only peers whose certificate is of one of
     * {@code peerKinds}; with a revocation list, a peer certificate on it fails the handshake.
     */
    public static SSLContext createForPeerKinds(
            List<X509Certificate> chain,
            PrivateKey key,
            X509Certificate ca,
            Set<CertificateKind> peerKinds,
            Optional<RevocationCheck> revoked) {
        return build(chain, key, () -> {
            X509ExtendedTrustManager checked = new PeerKindTrustManager(pkix(ca), peerKinds);
            return new TrustManager[] {
                revoked.isPresent() ? new RevocationTrustManager(checked, revoked.get()) : checked
            };
        });
    }

    /** A context that trusts the cluster CA but presents no certificate (tests of the server's refusal). */
    public static SSLContext withoutIdentity(X509Certificate ca, String protocol) {
        try {
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(null, trustManagers(ca, Optional.empty(), Optional.empty()), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not build a TLS context", e);
        }
    }

    private static TrustManager[] trustManagers(
            X509Certificate ca, Optional<NodeRole> serverRole, Optional<RevocationCheck> revoked)
            throws GeneralSecurityException, IOException {
        X509ExtendedTrustManager pkix = pkix(ca);
        X509ExtendedTrustManager checked = serverRole.isEmpty() ? pkix : new RoleTrustManager(pkix, serverRole.get());
        if (revoked.isPresent()) {
            checked = new RevocationTrustManager(checked, revoked.get());
        }
        return new TrustManager[] {checked};
    }

    /** The JDK's PKIX trust manager with the cluster CA as its only anchor. */
    private static X509ExtendedTrustManager pkix(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("cluster-ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        X509ExtendedTrustManager pkix = null;
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                pkix = extended;
            }
        }
        if (pkix == null) {
            throw new GeneralSecurityException("the PKIX trust manager factory made no X509ExtendedTrustManager");
        }
        return pkix;
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        return password;
    }
}
