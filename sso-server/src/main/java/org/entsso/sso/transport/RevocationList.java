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
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The cluster CA's certificate revocation list, read from a file (PEM or DER) and read again when the file changes
 * (checked at most once a {@link #RECHECK}, on the handshake that asks). A list must be signed by the cluster CA and
 * name it as issuer, or it is refused: at {@link #load} with an {@link IllegalArgumentException} naming the file, later
 * (a bad replacement) by keeping the last good list and logging an error. Thread-safe.
 */
public final class RevocationList {
    /** How often the file is checked for a change. */
    public static final Duration RECHECK = Duration.ofSeconds(1);

    private static final Logger LOG = LogManager.getLogger(RevocationList.class);

    private final Path file;
    private final X509Certificate ca;
    private final Clock clock;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    private record Loaded(X509CRL crl, FileTime modified, long size, Instant checkedAt) {}

    private RevocationList(Path file, X509Certificate ca, Clock clock) {
        this.file = file;
        this.ca = ca;
        this.clock = clock;
    }

    /** Reads {@code file}, which the CA whose certificate is {@code ca} must have signed. */
    public static RevocationList load(Path file, X509Certificate ca) {
        return load(file, ca, Clock.systemUTC());
    }

    static RevocationList load(Path file, X509Certificate ca, Clock clock) {
        RevocationList list =
                new RevocationList(Objects.requireNonNull(file, "file"), Objects.requireNonNull(ca, "ca"), clock);
        try {
            list.current.set(list.read());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the revocation list " + file + " cannot be used: " + e.getMessage(), e);
        }
        LOG.info("revocation list {} loaded: {} certificates revoked", file, list.revokedCount());
        return list;
    }

    /** Whether {@code certificate} is on the list (issuer and serial number). */
    public boolean isRevoked(X509Certificate certificate) {
        return fresh().crl().isRevoked(certificate);
    }

    /** How many certificates the list names. */
    public int revokedCount() {
        var revoked = current.get().crl().getRevokedCertificates();
        return revoked == null ? 0 : revoked.size();
    }

    private Loaded fresh() {
        Loaded loaded = current.get();
        Instant now = clock.instant();
        if (Duration.between(loaded.checkedAt(), now).compareTo(RECHECK) < 0) {
            return loaded;
        }
        Loaded next = loaded;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(loaded.modified()) && size == loaded.size()) {
                next = new Loaded(loaded.crl(), loaded.modified(), loaded.size(), now);
            } else {
                next = read();
                LOG.info("revocation list {} reloaded: {} certificates revoked", file, count(next.crl()));
            }
        } catch (IOException | GeneralSecurityException e) {
            LOG.error(
                    "the revocation list {} changed but cannot be used ({}); the previous one stays",
                    file,
                    e.getMessage());
            next = new Loaded(loaded.crl(), loaded.modified(), loaded.size(), now);
        }
        current.compareAndSet(loaded, next);
        return next;
    }

    private Loaded read() throws IOException, GeneralSecurityException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        byte[] bytes = Files.readAllBytes(file);
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
        if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new CRLException(
                    "it was issued by " + crl.getIssuerX500Principal().getName() + ", not by the cluster CA "
                            + ca.getSubjectX500Principal().getName());
        }
        crl.verify(ca.getPublicKey());
        return new Loaded(crl, modified, size, clock.instant());
    }

    private static int count(X509CRL crl) {
        return crl.getRevokedCertificates() == null
                ? 0
                : crl.getRevokedCertificates().size();
    }

    @Override
    public String toString() {
        return "RevocationList[" + file + ", " + revokedCount() + " revoked]";
    }
}
