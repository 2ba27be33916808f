package org.entsso.sso.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.entsso.sso.crypto.internal.BouncyCastle;
import org.entsso.sso.crypto.internal.CertificateMinter;
import org.entsso.sso.crypto.internal.CertificateMinter.Profile;
import org.entsso.sso.crypto.internal.Drbg;
import org.entsso.sso.crypto.internal.SecureFiles;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.internal.Pem;

/**
 * The cluster's certificate authority for mutual TLS 1.3 (DESIGN.md decisions 6 and 11). It issues:
 *
 * <ul>
 *   <li>node certificates: {@code CN=<node>, OU=node, OU=<role>..., O=<cluster>}, one {@code OU} per
 *       {@link NodeRole}; extended key usage serverAuth and clientAuth; the subject alternative name is the node host
 *       (an iPAddress entry for an IP literal, a dNSName otherwise);
 *   <li>admin and client certificates: {@code CN=<principal>, OU=admin|client, O=<cluster>}; clientAuth only;
 *   <li>ZooKeeper server certificates: {@code CN=<server>, OU=zookeeper, O=<cluster>}; serverAuth and clientAuth (its
 *       peers' quorum connections); the subject alternative name is the server's host, as for nodes.
 *   <li>the database server certificate: {@code CN=<host>, OU=database, O=<cluster>}, serverAuth only, the host as
 *       subject alternative name: the TLS front of an H2 server that nodes reach over TLS (DESIGN.md decision 13).
 * </ul>
 *
 * <p>Roles live in the subject rather than in a private extension so that any TLS stack, log line or {@code openssl x509}
 * shows them, and {@link CertificateIdentity} reads them back. Keys are ECDSA P-256, signed SHA-256 with bcpkix using a
 * held Bouncy Castle provider instance. Every issued certificate is validated (PKIX, against this CA as the only trust
 * anchor) before it is returned.
 *
 * <p>Thread-safe: immutable apart from its (thread-safe) random source.
 */
public final class ClusterCa {
    /** Validity of issued certificates. */
    public static final Duration ISSUED_VALIDITY = Duration.ofDays(825);

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final String CA_ALIAS = "entsso-cluster-ca";

    private final String clusterName;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Clock clock;
    private final SecureRandom random = Drbg.create();
    /** The CRL number of the last list this instance signed. */
    private final AtomicLong crlNumbers = new AtomicLong();

    private ClusterCa(String clusterName, X509Certificate certificate, PrivateKey privateKey, Clock clock) {
        this.clusterName = clusterName;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.clock = clock;
    }

    /** A new CA for {@code clusterName}, valid for ten years from now. */
    public static ClusterCa create(String clusterName) {
        return create(clusterName, Clock.systemUTC());
    }

    /** A new CA for {@code clusterName}, using {@code clock} for validity periods. */
    public static ClusterCa create(String clusterName, Clock clock) {
        Objects.requireNonNull(clusterName, "clusterName");
        SecureRandom random = Drbg.create();
        KeyPair keys = newKeyPair(random);
        Instant now = clock.instant();
        Profile profile = new Profile(clusterName + " cluster CA", List.of(), clusterName, true, false, false, null);
        X509Certificate certificate = CertificateMinter.mint(
                profile,
                keys.getPublic(),
                null,
                keys.getPublic(),
                keys.getPrivate(),
                now.minusSeconds(60),
                now.plus(CA_VALIDITY),
                random);
        return new ClusterCa(clusterName, certificate, keys.getPrivate(), clock);
    }

    /** Loads a CA written by {@link #writePkcs12}. */
    public static ClusterCa loadPkcs12(Path file, char[] password, Clock clock) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(SecureFiles.readOwnerOnly(file, "cluster CA file")), password);
            X509Certificate certificate = (X509Certificate) store.getCertificate(CA_ALIAS);
            PrivateKey key = (PrivateKey) store.getKey(CA_ALIAS, password);
            if (certificate == null || key == null) {
                throw new IllegalArgumentException("the file " + file + " holds no cluster CA entry");
            }
            String cluster = CertificateIdentity.organizationOf(certificate);
            return new ClusterCa(cluster, certificate, key, clock);
        } catch (SecureFiles.FileProblem e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "the cluster CA file " + file + " cannot be opened with that password", e);
        }
    }

    /** Writes the CA's key and certificate as an owner-only PKCS#12 file. */
    public void writePkcs12(Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(CA_ALIAS, privateKey, password, new Certificate[] {certificate});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            SecureFiles.writeAtomically(file, out.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encode the cluster CA", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The CA certificate, which every node and client trusts. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The cluster name written as {@code O} in every certificate. */
    public String clusterName() {
        return clusterName;
    }

    /** The CA certificate as a PEM {@code CERTIFICATE} block. */
    public String certificatePem() {
        try {
            return Pem.block("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encode the CA certificate", e);
        }
    }

    /** Writes {@link #certificatePem()} to {@code file} (owner-only, atomic; the content is public). */
    public void writeCertificatePem(Path file) {
        try {
            SecureFiles.writeAtomically(file, certificatePem().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** A JDK PKCS#12 trust store holding only the CA certificate. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(CA_ALIAS, certificate);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not build the trust store", e);
        }
    }

    /** A node certificate for {@code nodeName} reachable at {@code host}, carrying {@code roles} (at least one). */
    public IssuedCertificate issueNode(String nodeName, String host, Set<NodeRole> roles) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a node certificate needs at least one role");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a node certificate needs the node's host name or address");
        }
        List<String> units = new ArrayList<>();
        units.add(CertificateKind.NODE.label());
        EnumSet.copyOf(roles).forEach(role -> units.add(role.label()));
        return issue(new Profile(name(nodeName), units, clusterName, false, true, true, host));
    }

    /**
     * A certificate for the ZooKeeper server {@code serverName} that clients dial at {@code host}: ZooKeeper's clients
     * verify that host name (DESIGN.md decision 13), and so may its quorum peers.
     */
    public IssuedCertificate issueZooKeeper(String serverName, String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(
                    "a ZooKeeper server certificate needs the server's host name or address");
        }
        return issue(new Profile(
                name(serverName), List.of(CertificateKind.ZOOKEEPER.label()), clusterName, false, true, true, host));
    }

    /** An SSO administrator's client certificate with {@code principal} as its subject CN. */
    public IssuedCertificate issueAdmin(String principal) {
        return issue(new Profile(
                name(principal), List.of(CertificateKind.ADMIN.label()), clusterName, false, false, true, null));
    }

    /** A client certificate (host instance, end user) with {@code principal} as its subject CN. */
    public IssuedCertificate issueClient(String principal) {
        return issue(new Profile(
                name(principal), List.of(CertificateKind.CLIENT.label()), clusterName, false, false, true, null));
    }

    /**
     * A client certificate as {@link #issueClient(String)}, valid for {@code validity} from now (at most until the CA
     * itself expires): what {@code sso-init issue-client --days} issues.
     */
    public IssuedCertificate issueClient(String principal, Duration validity) {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("a certificate's validity must be positive");
        }
        return issue(
                new Profile(
                        name(principal),
                        List.of(CertificateKind.CLIENT.label()),
                        clusterName,
                        false,
                        false,
                        true,
                        null),
                validity);
    }

    /**
     * The certificate of the SSO database's TLS front reachable at {@code host} (the host in the nodes' {@code
     * database.url}): kind {@link CertificateKind#DATABASE}, serverAuth only.
     */
    public IssuedCertificate issueDatabaseServer(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a database server certificate needs the server's host name or address");
        }
        return issue(
                new Profile(host, List.of(CertificateKind.DATABASE.label()), clusterName, false, true, false, host));
    }

    /**
     * A certificate revocation list naming {@code revokedSerials}, signed by this CA, valid from now for
     * {@code validity} (its next update), in PEM. Servers given it ({@code tls.crl}) refuse those certificates at the
     * handshake (sso-server/docs/transport.md, "Revocation").
     */
    public String revocationListPem(Set<BigInteger> revokedSerials, Duration validity) {
        Instant now = clock.instant();
        try {
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate, Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(validity)));
            // Increasing (RFC 5280 §5.2.3), so the newer of two lists of one second is still told apart: the time in
            // milliseconds, or one more than this CA's previous list when that is not later.
            long number = crlNumbers.updateAndGet(last -> Math.max(last + 1, now.toEpochMilli()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            for (BigInteger serial : revokedSerials) {
                builder.addCRLEntry(serial, Date.from(now), CRLReason.keyCompromise);
            }
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .setProvider(BouncyCastle.PROVIDER)
                            .build(privateKey))
                    .getEncoded();
            return Pem.block("X509 CRL", der);
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not sign the revocation list", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterCa[" + certificate.getSubjectX500Principal().getName() + ", key=<redacted>]";
    }

    private IssuedCertificate issue(Profile profile) {
        return issue(profile, ISSUED_VALIDITY);
    }

    private IssuedCertificate issue(Profile profile, Duration validity) {
        KeyPair keys = newKeyPair(random);
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        X509Certificate issued = CertificateMinter.mint(
                profile,
                keys.getPublic(),
                certificate,
                certificate.getPublicKey(),
                privateKey,
                now.minusSeconds(60),
                notAfter,
                random);
        verify(issued, now);
        return new IssuedCertificate(issued, certificate, keys.getPrivate());
    }

    /** PKIX validation against this CA alone, at {@code now}; see java-anchors.md §1.5 (check your own output). */
    private void verify(X509Certificate issued, Instant now) {
        try {
            issued.verify(certificate.getPublicKey());
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(certificate, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(issued)), parameters);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the certificate just issued does not validate against the cluster CA", e);
        }
    }

    private static String name(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a certificate needs a non-blank name");
        }
        return value;
    }

    private static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 is not available on this JVM", e);
        }
    }
}
