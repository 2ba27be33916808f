package org.entsso.sso.tls.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Reads the PEM files the crypto package writes: certificate chains and unencrypted PKCS#8 keys. Stateless. */
public final class PemFiles {
    private static final String KEY_LABEL = "PRIVATE KEY";
    private static final String KEY_BEGIN = Pem.begin(KEY_LABEL);
    private static final String KEY_END = Pem.end(KEY_LABEL);

    private PemFiles() {}

    /** Every certificate in a PEM file, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = asX509(CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)
                    .toArray(new Certificate[0]));
            if (out.isEmpty()) {
                throw new IllegalArgumentException("the file " + file + " holds no PEM certificate");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the file " + file + " does not hold PEM certificates", e);
        }
    }

    /** The first certificate of a PEM file. */
    public static X509Certificate readCertificate(Path file) throws IOException {
        return readCertificates(file).get(0);
    }

    /** An unencrypted PKCS#8 {@code PRIVATE KEY} block (EC or RSA); the decoded bytes are wiped after use. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        byte[] der = null;
        try {
            String text = new String(raw, StandardCharsets.US_ASCII);
            int begin = text.indexOf(KEY_BEGIN);
            int end = text.indexOf(KEY_END);
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("the file " + file + " holds no unencrypted PEM PRIVATE KEY block");
            }
            der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
            List<GeneralSecurityException> refusals = new ArrayList<>();
            for (String algorithm : new String[] {"EC", "RSA"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException e) {
                    // Try the next algorithm; the key file says nothing about which one it holds. Kept for the
                    // answer if none fits.
                    refusals.add(e);
                }
            }
            IllegalArgumentException none =
                    new IllegalArgumentException("the file " + file + " holds neither an EC nor an RSA private key");
            refusals.forEach(none::addSuppressed);
            throw none;
        } finally {
            Arrays.fill(raw, (byte) 0);
            if (der != null) {
                Arrays.fill(der, (byte) 0);
            }
        }
    }

    /** The certificates of a key store chain as X.509 certificates. */
    public static List<X509Certificate> asX509(Certificate[] chain) {
        List<X509Certificate> out = new ArrayList<>();
        if (chain != null) {
            for (Certificate certificate : chain) {
                out.add((X509Certificate) certificate);
            }
        }
        return out;
    }

    /** Parses DER certificate bytes (a test and tooling convenience). */
    public static X509Certificate parse(byte[] der) throws GeneralSecurityException {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
