package org.entsso.failover.bench.attack;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.entsso.sso.crypto.IssuedCertificate;

/**
 * The attacker's TLS: a client certificate the cluster CA issued, trusting the CA, and a new {@link SSLContext} (with
 * an empty session cache) for every connection, so that no handshake is a cheap resumption: each one costs the server a
 * full handshake, the attacker's best. The key and trust managers are built once and shared, so a new context costs
 * the attacker next to nothing. Thread-safe.
 */
final class AttackerTls {
    private final KeyManager[] keys;
    private final TrustManager[] trust;

    AttackerTls(IssuedCertificate certificate, X509Certificate ca) {
        char[] password = "attacker".toCharArray();
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(
                    "self",
                    certificate.privateKey(),
                    password,
                    certificate.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory keyFactory = KeyManagerFactory.getInstance("SunX509"); // reads the key once
            keyFactory.init(keyStore, password);
            keys = keyFactory.getKeyManagers();
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("cluster-ca", ca);
            TrustManagerFactory trustFactory = TrustManagerFactory.getInstance("PKIX");
            trustFactory.init(trustStore);
            trust = trustFactory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the attacker's TLS material", e);
        }
    }

    /** A socket factory of a new context: nothing to resume. */
    SSLSocketFactory fresh() {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys, trust, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }
}
