package org.entsso.sso.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * The cluster CA's files in a cluster folder ({@code ca/}: ca.p12, its owner-only password file, ca.pem) and the SSO
 * database server's certificate issued from it ({@value #DATABASE_DIR}/). {@link ClusterInit#run} creates the CA
 * itself; an H2 server that nodes reach over TLS needs its certificate before the database can be prepared, so
 * {@link #createCa} and {@link #issueDatabaseServer} can be run first ({@code sso-init --database-certificate HOST},
 * the local cluster), and {@link ClusterInit#run} then reuses the CA. Stateless.
 */
public final class ClusterPki {
    private static final Logger LOG = LogManager.getLogger(ClusterPki.class);

    /** The folder under the cluster folder with the database server's certificate ({@link #issueDatabaseServer}). */
    public static final String DATABASE_DIR = "database";

    /** The database server's PKCS#12 key store in {@link #DATABASE_DIR}; its password is in {@code <name>.pwd}. */
    public static final String DATABASE_KEY_STORE = "database.p12";

    private ClusterPki() {}

    /**
     * Creates the cluster CA in {@code dir/ca} (ca.p12 and its password file, ca.pem): the first step of {@link
     * ClusterInit#run}, taken on its own when the database server needs its certificate before the database can be
     * prepared.
     *
     * @throws SsoException INVALID_ARGUMENT when the folder is not empty
     */
    public static ClusterCa createCa(Path dir, String clusterName) {
        requireEmpty(dir);
        Path caDir = mkdirs(dir.resolve("ca"));
        ClusterCa ca = ClusterCa.create(clusterName);
        ca.writeCertificatePem(caDir.resolve("ca.pem"));
        withNewPassword(caDir.resolve("ca.p12.pwd"), pw -> ca.writePkcs12(caKeyStore(dir), pw));
        return ca;
    }

    /**
     * Issues the SSO database server's certificate for {@code host} (the host in the nodes' {@code database.url})
     * from the CA in {@code dir/ca}, into {@code dir/}{@value #DATABASE_DIR}: {@value #DATABASE_KEY_STORE}, its
     * password file {@code database.p12.pwd} and ca.pem, all owner-only. An existing one is replaced. Returns the
     * folder.
     */
    public static Path issueDatabaseServer(Path dir, String host) {
        ClusterCa ca = loadCa(dir);
        Path databaseDir = mkdirs(dir.resolve(DATABASE_DIR));
        IssuedCertificate cert = ca.issueDatabaseServer(host);
        withNewPassword(
                databaseDir.resolve(DATABASE_KEY_STORE + ".pwd"),
                pw -> cert.writePkcs12(databaseDir.resolve(DATABASE_KEY_STORE), pw));
        ca.writeCertificatePem(databaseDir.resolve("ca.pem"));
        LOG.info("Issued the SSO database server certificate for {} into {}", host, databaseDir);
        return databaseDir;
    }

    /** The CA's PKCS#12 file in a cluster folder. */
    public static Path caKeyStore(Path dir) {
        return dir.resolve("ca").resolve("ca.p12");
    }

    /** Loads the CA {@link #createCa} wrote into {@code dir}. */
    public static ClusterCa loadCa(Path dir) {
        char[] pw = PasswordFiles.read(dir.resolve("ca").resolve("ca.p12.pwd"), "cluster CA password file");
        try {
            return ClusterCa.loadPkcs12(caKeyStore(dir), pw, Clock.systemUTC());
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /**
     * The CA {@link #createCa} wrote into {@code dir}, for {@link ClusterInit#run}: refused when the folder holds more
     * than the CA and the database certificate, or the CA is another cluster's.
     */
    public static ClusterCa reuse(Path dir, String clusterName) {
        try (var entries = Files.list(dir)) {
            List<String> others = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("ca") && !n.equals(DATABASE_DIR))
                    .toList();
            if (!others.isEmpty()) {
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT,
                        "The folder " + dir + " holds more than a cluster CA (" + String.join(", ", others)
                                + "); a cluster is initialised once, into a new folder.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir, e);
        }
        ClusterCa ca = loadCa(dir);
        if (!ca.clusterName().equals(clusterName)) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "The cluster CA in " + dir.resolve("ca") + " is cluster " + ca.clusterName() + "'s, not "
                            + clusterName + "'s.");
        }
        return ca;
    }

    /** Uses a new random password, written owner-only to {@code passwordFile}, and clears it afterwards. */
    public interface PasswordUse {
        void accept(char[] password);
    }

    public static void withNewPassword(Path passwordFile, PasswordUse use) {
        PasswordFiles.generate(passwordFile);
        char[] pw = PasswordFiles.read(passwordFile, "password file");
        try {
            use.accept(pw);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static void requireEmpty(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new SsoException(
                                SsoError.INVALID_ARGUMENT,
                                "The folder " + dir
                                        + " is not empty; a cluster is initialised once, into a new folder.");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir, e);
        }
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }
}
