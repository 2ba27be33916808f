package org.entsso.sso.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Extension;
import org.entsso.sso.tls.RevocationCheck;

/**
 * The cluster CA's certificate revocation list. It may come from a file (PEM or DER, the node's {@code tls.crl}), read
 * again when the file changes (checked at most once a {@link #RECHECK}, on the handshake that asks, or on
 * {@link #refresh()}), and from any other source that {@link #offer}s one (the node's ZooKeeper channel, which
 * distributes the newest list to every node). The newest list wins, whatever its source: a later {@code thisUpdate},
 * then a larger CRL number. A list must be signed by the cluster CA and name it as issuer, or it is refused: at
 * {@link #load} with an {@link IllegalArgumentException} naming the file, later (a bad replacement or offer) by keeping
 * the current list and logging an error. Thread-safe.
 */
public final class RevocationList implements RevocationCheck {
    /** How often the file is checked for a change. */
    public static final Duration RECHECK = Duration.ofSeconds(1);

    private static final Logger LOG = LogManager.getLogger(RevocationList.class);

    /** Which of two lists is newer: the later this-update time, then the larger CRL number. */
    private static final Comparator<Installed> AGE =
            Comparator.<Installed, Instant>comparing(i -> i.thisUpdate).thenComparing(i -> i.number);

    private final Optional<Path> file;
    private final X509Certificate ca;
    private final Clock clock;
    private final AtomicReference<Installed> current = new AtomicReference<>();
    private final AtomicReference<FileState> fileState = new AtomicReference<>();

    /** A verified list and where it came from. */
    private record Installed(X509CRL crl, byte[] der, Instant thisUpdate, java.math.BigInteger number, String source) {}

    /** What the file looked like when it was last read, and when it was last checked. */
    private record FileState(FileTime modified, long size, Instant checkedAt) {}

    private RevocationList(Optional<Path> file, X509Certificate ca, Clock clock) {
        this.file = file;
        this.ca = ca;
        this.clock = clock;
    }

    /** Reads {@code file}, which the CA whose certificate is {@code ca} must have signed. */
    public static RevocationList load(Path file, X509Certificate ca) {
        return load(file, ca, Clock.systemUTC());
    }

    static RevocationList load(Path file, X509Certificate ca, Clock clock) {
        RevocationList list = new RevocationList(
                Optional.of(Objects.requireNonNull(file, "file")), Objects.requireNonNull(ca, "ca"), clock);
        try {
            FileState state = list.stat(file);
            list.current.set(list.verify(Files.readAllBytes(file), file.toString()));
            list.fileState.set(state);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the revocation list " + file + " cannot be used: " + e.getMessage(), e);
        }
        LOG.info("revocation list {} loaded: {} certificates revoked", file, list.revokedCount());
        return list;
    }

    /** A list with no file and nothing revoked until a list is {@link #offer}ed. */
    public static RevocationList none(X509Certificate ca) {
        return new RevocationList(Optional.empty(), Objects.requireNonNull(ca, "ca"), Clock.systemUTC());
    }

    /** Whether {@code certificate} is on the list (issuer and serial number). */
    @Override
    public boolean isRevoked(X509Certificate certificate) {
        if (file.isPresent()) {
            recheckFile(false);
        }
        Installed installed = current.get();
        return installed != null && installed.crl().isRevoked(certificate);
    }

    /** How many certificates the list names (0 while there is none). */
    public int revokedCount() {
        Installed installed = current.get();
        return installed == null ? 0 : count(installed.crl());
    }

    /** The current list, DER-encoded (a copy), if there is one: what a node distributes to the others. */
    public Optional<byte[]> encoded() {
        Installed installed = current.get();
        return installed == null
                ? Optional.empty()
                : Optional.of(installed.der().clone());
    }

    /** Checks the file for a change now (a distributor calls it periodically; handshakes check on their own). */
    public void refresh() {
        if (file.isPresent()) {
            recheckFile(true);
        }
    }

    /**
     * Installs {@code encoded} (DER or PEM) if the cluster CA signed it and it is newer than the current list.
     *
     * @param source where it came from, for the log
     * @return whether it was installed; an invalid list is logged as an error and ignored
     */
    public boolean offer(byte[] encoded, String source) {
        Installed candidate;
        try {
            candidate = verify(encoded, source);
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.error("the revocation list from {} cannot be used ({}); the current one stays", source, e.getMessage());
            return false;
        }
        return install(candidate);
    }

    /**
     * Whether the list in {@code encoded} is a valid list of the cluster CA that is older than the current one, so a
     * distributor should replace it with {@link #encoded()}; also true for an unusable list.
     */
    public boolean isOlderThanCurrent(byte[] encoded) {
        Installed installed = current.get();
        if (installed == null) {
            return false;
        }
        try {
            return AGE.compare(verify(encoded, "comparison"), installed) < 0;
        } catch (GeneralSecurityException | RuntimeException e) {
            return true;
        }
    }

    private boolean install(Installed candidate) {
        while (true) {
            Installed installed = current.get();
            if (installed != null && AGE.compare(candidate, installed) <= 0) {
                return false;
            }
            if (current.compareAndSet(installed, candidate)) {
                LOG.info(
                        "revocation list from {} installed: {} certificates revoked (issued {})",
                        candidate.source(),
                        count(candidate.crl()),
                        candidate.thisUpdate());
                return true;
            }
        }
    }

    private void recheckFile(boolean now) {
        Path path = file.orElseThrow();
        FileState last = fileState.get();
        Instant at = clock.instant();
        if (!now && last != null && Duration.between(last.checkedAt(), at).compareTo(RECHECK) < 0) {
            return;
        }
        try {
            FileState seen = stat(path);
            if (last != null && seen.modified().equals(last.modified()) && seen.size() == last.size()) {
                fileState.compareAndSet(last, seen);
                return;
            }
            if (fileState.compareAndSet(last, seen)) {
                install(verify(Files.readAllBytes(path), path.toString()));
            }
        } catch (IOException | GeneralSecurityException e) {
            LOG.error(
                    "the revocation list {} changed but cannot be used ({}); the current one stays",
                    path,
                    e.getMessage());
            FileState checked = last == null ? null : new FileState(last.modified(), last.size(), at);
            fileState.compareAndSet(last, checked);
        }
    }

    private FileState stat(Path path) throws IOException {
        return new FileState(Files.getLastModifiedTime(path), Files.size(path), clock.instant());
    }

    private Installed verify(byte[] bytes, String source) throws GeneralSecurityException {
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
        if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new CRLException(
                    "it was issued by " + crl.getIssuerX500Principal().getName() + ", not by the cluster CA "
                            + ca.getSubjectX500Principal().getName());
        }
        crl.verify(ca.getPublicKey());
        return new Installed(crl, crl.getEncoded(), crl.getThisUpdate().toInstant(), number(crl), source);
    }

    /** The CRL number extension (RFC 5280 §5.2.3), or -1 for a list without one. */
    private static java.math.BigInteger number(X509CRL crl) throws CRLException {
        byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (extension == null) {
            return java.math.BigInteger.ONE.negate();
        }
        try {
            ASN1Primitive inner = ASN1Primitive.fromByteArray(
                    ASN1OctetString.getInstance(extension).getOctets());
            return ASN1Integer.getInstance(inner).getValue();
        } catch (IOException | IllegalArgumentException e) {
            throw new CRLException("its CRL number cannot be read", e);
        }
    }

    private static int count(X509CRL crl) {
        return crl.getRevokedCertificates() == null
                ? 0
                : crl.getRevokedCertificates().size();
    }

    @Override
    public String toString() {
        Installed installed = current.get();
        return "RevocationList[" + file.map(Path::toString).orElse("no file") + ", "
                + (installed == null ? "none" : count(installed.crl()) + " revoked from " + installed.source()) + "]";
    }
}
