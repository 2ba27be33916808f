package org.entsso.sso.crypto.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Minimal self-signed certificates for key pairs that a key store can only hold with a certificate (the node's
 * checkpoint key). Thread-safe: stateless.
 */
public final class SelfSigned {
    private SelfSigned() {}

    /** A self-signed certificate for {@code keys} with subject {@code CN=commonName}, checked before it is returned. */
    public static X509Certificate certificate(
            KeyPair keys, String commonName, Instant notBefore, Duration validity, SecureRandom random) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .build();
        BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject, serial, Date.from(notBefore), Date.from(notBefore.plus(validity)), subject, keys.getPublic());
        try {
            String algorithm = signatureAlgorithm(keys);
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .setProvider(BouncyCastle.PROVIDER)
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm)
                            .setProvider(BouncyCastle.PROVIDER)
                            .build(keys.getPrivate())));
            certificate.verify(keys.getPublic());
            return certificate;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("could not build a self-signed certificate", e);
        }
    }

    /** SHA256withRSA or SHA256withECDSA, by key type. */
    public static String signatureAlgorithm(KeyPair keys) {
        return "RSA".equals(keys.getPublic().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    }
}
