package org.entsso.sso.crypto.internal;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds X.509 v3 certificates with bcpkix, signed with ECDSA P-256 / SHA-256 by the Bouncy Castle provider instance,
 * and returns them as the JDK's own {@link X509Certificate} objects so that the JDK TLS stack sees exactly what a
 * loaded file would give it. Thread-safe: stateless.
 */
public final class CertificateMinter {
    private static final String SIGNATURE = "SHA256withECDSA";

    private CertificateMinter() {}

    /** What a certificate is for; {@code sanHost} is null for certificates without a subject alternative name. */
    public record Profile(
            String commonName,
            List<String> organizationalUnits,
            String organization,
            boolean authority,
            boolean serverAuth,
            boolean clientAuth,
            String sanHost) {}

    /** The subject of {@code profile}: CN, then each OU, then O. */
    public static X500Name subject(Profile profile) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, profile.commonName());
        for (String unit : profile.organizationalUnits()) {
            name.addRDN(BCStyle.OU, unit);
        }
        return name.addRDN(BCStyle.O, profile.organization()).build();
    }

    /**
     * A certificate for {@code subjectKey} described by {@code profile}, issued by {@code issuer} (null: self-signed
     * with {@code issuerKey}'s pair) and signed with {@code issuerKey}.
     */
    public static X509Certificate mint(
            Profile profile,
            PublicKey subjectKey,
            X509Certificate issuer,
            PublicKey issuerPublicKey,
            PrivateKey issuerKey,
            Instant notBefore,
            Instant notAfter,
            SecureRandom random) {
        X500Name subject = subject(profile);
        X500Name issuerName = issuer == null
                ? subject
                : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuerName,
                new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(notBefore),
                Date.from(notAfter),
                subject,
                subjectKey);
        try {
            addExtensions(builder, profile, subjectKey, issuerPublicKey);
            byte[] der = builder.build(new JcaContentSignerBuilder(SIGNATURE)
                            .setProvider(BouncyCastle.PROVIDER)
                            .build(issuerKey))
                    .getEncoded();
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("could not build the certificate for " + profile.commonName(), e);
        }
    }

    private static void addExtensions(
            X509v3CertificateBuilder builder, Profile profile, PublicKey subjectKey, PublicKey issuerKey)
            throws CertIOException, GeneralSecurityException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
        if (profile.authority()) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return;
        }
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        List<KeyPurposeId> purposes = new ArrayList<>();
        if (profile.serverAuth()) {
            purposes.add(KeyPurposeId.id_kp_serverAuth);
        }
        if (profile.clientAuth()) {
            purposes.add(KeyPurposeId.id_kp_clientAuth);
        }
        builder.addExtension(
                Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
        if (profile.sanHost() != null) {
            builder.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(generalName(profile.sanHost())));
        }
    }

    /** An iPAddress name for an IP literal, a dNSName otherwise. */
    private static GeneralName generalName(String host) {
        if (isIpLiteral(host)) {
            return new GeneralName(GeneralName.iPAddress, host);
        }
        return new GeneralName(GeneralName.dNSName, host);
    }

    private static boolean isIpLiteral(String host) {
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false;
        }
        try {
            // Only literals reach here, so no lookup happens.
            return InetAddress.getByName(host) != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
