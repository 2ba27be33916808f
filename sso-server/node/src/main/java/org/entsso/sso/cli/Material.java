package org.entsso.sso.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.Supplier;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.crypto.IssuedCertificate;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.tls.TlsMaterial;

/**
 * The files {@code sso-init}'s verbs write, never overwritten: a file that exists with the content a verb would write
 * is kept (a re-run after a partial failure goes on from there), one with other content is refused with exit 1 naming
 * it. A key store whose password file exists is reused when it opens and holds the expected principal. Stateless.
 */
final class Material {
    private Material() {}

    /** Writes {@code text} to a new file; false when the file already holds exactly it. */
    static boolean writeNew(Path file, String text) {
        try {
            if (Files.exists(file)) {
                if (Files.isRegularFile(file)
                        && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                    return false;
                }
                throw exists(file);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Copies the cluster CA certificate to {@code file} unless it already holds it. */
    static void caCertificate(Path caPem, Path file) {
        try {
            writeNew(file, Files.readString(caPem, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + caPem, e);
        }
    }

    /**
     * The certificate in {@code keyStore}: an existing one that opens with {@code passwordFile} and whose
     * principal is {@code principal} is kept; otherwise {@code issue} makes one, written with a new password file (or
     * the existing password file of a run that stopped before the key store).
     */
    static X509Certificate keyStore(
            Path keyStore, Path passwordFile, Path caPem, String principal, Supplier<IssuedCertificate> issue) {
        if (Files.exists(keyStore)) {
            if (!Files.exists(passwordFile)) {
                throw exists(keyStore);
            }
            char[] pw = PasswordFiles.read(passwordFile, "password file");
            try {
                TlsMaterial existing = TlsMaterial.fromPkcs12(keyStore, pw, caPem);
                if (!existing.identity().principal().equals(principal)) {
                    throw exists(keyStore);
                }
                return existing.certificate();
            } catch (IllegalArgumentException e) {
                throw exists(keyStore);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        IssuedCertificate cert = issue.get();
        if (Files.exists(passwordFile)) {
            char[] pw = PasswordFiles.read(passwordFile, "password file");
            try {
                cert.writePkcs12(keyStore, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        } else {
            ClusterPki.withNewPassword(passwordFile, pw -> cert.writePkcs12(keyStore, pw));
        }
        return cert.certificate();
    }

    static ConfigFailure exists(Path file) {
        return new ConfigFailure(
                SsoConfigCommand.EXIT_REFUSED,
                "The file " + file.toAbsolutePath() + " already exists and is not what this command would write;"
                        + " sso-init never overwrites key material: move it away or choose another folder.");
    }
}
