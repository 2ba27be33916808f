package org.entsso.failover.bench.attack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
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

    /** The material of a PKCS#12 file that {@link IssuedCertificate#writePkcs12} wrote, trusting {@code caPem}. */
    static AttackerTls load(Path pkcs12, char[] password, Path caPem) {
        try (InputStream in = Files.newInputStream(pkcs12);
                InputStream ca = Files.newInputStream(caPem)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            PrivateKey key = (PrivateKey) store.getKey(IssuedCertificate.ALIAS, password);
            X509Certificate[] chain = Arrays.stream(store.getCertificateChain(IssuedCertificate.ALIAS))
                    .map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
            X509Certificate caCertificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(ca);
            return new AttackerTls(key, chain, caCertificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the attacker's TLS material from " + pkcs12, e);
        }
    }

    private AttackerTls(PrivateKey key, X509Certificate[] chain, X509Certificate ca) {
        char[] password = "attacker".toCharArray();
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("self", key, password, chain);
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
