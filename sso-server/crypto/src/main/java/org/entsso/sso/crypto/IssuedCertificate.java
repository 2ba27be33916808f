package org.entsso.sso.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.entsso.sso.crypto.internal.SecureFiles;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.TlsIdentity;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.tls.internal.Pem;

/**
 * A certificate issued by {@link ClusterCa} with its private key and chain (leaf, then CA), ready to be written as
 * PEM or PKCS#12 files that the JDK's {@code KeyStore} and {@code SSLContext} load. Private-key files are written
 * owner-only and atomically. {@link #toString()} never shows the key.
 *
 * <p>Thread-safe: immutable.
 */
public final class IssuedCertificate implements TlsIdentity {
    /** The alias of the key entry in PKCS#12 files and key stores made here. */
    public static final String ALIAS = TlsMaterial.KEY_ALIAS;

    private final X509Certificate certificate;
    private final X509Certificate caCertificate;
    private final PrivateKey privateKey;
    private final CertificateIdentity identity;

    IssuedCertificate(X509Certificate certificate, X509Certificate caCertificate, PrivateKey privateKey) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.caCertificate = Objects.requireNonNull(caCertificate, "caCertificate");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.identity = CertificateIdentity.of(certificate);
    }

    /** The issued certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The chain: this certificate, then the cluster CA's. */
    @Override
    public List<X509Certificate> chain() {
        return List.of(certificate, caCertificate);
    }

    /** The private key matching {@link #certificate()}. */
    @Override
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Principal, kind and roles as written in the subject. */
    public CertificateIdentity identity() {
        return identity;
    }

    /** An in-memory PKCS#12 key store (JDK provider) with one key entry, {@value #ALIAS}, protected by password. */
    public KeyStore toKeyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, password, new Certificate[] {certificate, caCertificate});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not build a PKCS#12 key store", e);
        }
    }

    /** Writes a PKCS#12 file (see {@link #toKeyStore}) owner-only and atomically. */
    public void writePkcs12(Path file, char[] password) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            toKeyStore(password).store(out, password);
            SecureFiles.writeAtomically(file, out.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encode the PKCS#12 file " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the PKCS#12 file " + file, e);
        }
    }

    /**
     * Writes the chain as PEM {@code CERTIFICATE} blocks to {@code certificateFile} and the unencrypted PKCS#8 key as a
     * PEM {@code PRIVATE KEY} block to {@code keyFile}; both owner-only and atomic.
     */
    public void writePem(Path certificateFile, Path keyFile) {
        byte[] encodedKey = privateKey.getEncoded();
        byte[] keyText = Pem.block("PRIVATE KEY", encodedKey).getBytes(StandardCharsets.US_ASCII);
        try {
            SecureFiles.writeAtomically(certificateFile, chainPem().getBytes(StandardCharsets.US_ASCII));
            SecureFiles.writeAtomically(keyFile, keyText);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + certificateFile + " or " + keyFile, e);
        } finally {
            Arrays.fill(encodedKey, (byte) 0);
            Arrays.fill(keyText, (byte) 0);
        }
    }

    /** The chain as PEM text. */
    public String chainPem() {
        try {
            return Pem.block("CERTIFICATE", certificate.getEncoded())
                    + Pem.block("CERTIFICATE", caCertificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encode the certificate", e);
        }
    }

    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16) + ", key=<redacted>]";
    }
}
