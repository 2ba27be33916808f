package org.entsso.sso.store;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.entsso.sso.SsoError;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.RevocationList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of {@link H2ServerLauncher}: the port and base directory, and either the database server's TLS
 * material or the explicit {@code --plaintext} opt-out. Not thread-safe (filled by picocli, then read).
 */
@Command(name = "H2ServerLauncher")
final class H2ServerArguments {
    @Parameters(index = "0", paramLabel = "PORT", description = "The TLS port (0: any); H2's own with --plaintext.")
    int port;

    @Parameters(index = "1", paramLabel = "BASE_DIR", description = "The folder of the database.")
    Path baseDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "The address of the TLS port.")
    String host;

    @Option(names = "--h2-port", defaultValue = "0", description = "H2's own port on 127.0.0.1 (0: any).")
    int h2Port;

    @Option(names = "--key-store", description = "The database certificate (PKCS#12) of the cluster CA.")
    Path keyStore;

    @Option(names = "--key-store-password-file", description = "An owner-only file with its password.")
    Path keyStorePasswordFile;

    @Option(names = "--trust-store", description = "The cluster CA certificate (PEM).")
    Path trustStore;

    @Option(names = "--crl", description = "The cluster CA's revocation list (PEM or DER).")
    Path crl;

    @Option(names = "--plaintext", description = "Explicit opt-out: H2 serves PORT itself, without TLS.")
    boolean plaintext;

    private H2ServerArguments() {}

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException with one sentence for anything missing, unknown or contradictory
     */
    static H2ServerArguments parse(String... args) {
        H2ServerArguments a = new H2ServerArguments();
        try {
            new CommandLine(a).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + usage(), e);
        }
        boolean anyTls = a.keyStore != null || a.keyStorePasswordFile != null || a.trustStore != null;
        if (a.plaintext && anyTls) {
            throw new IllegalArgumentException("--plaintext and the TLS options exclude each other" + usage());
        }
        if (!a.plaintext && (a.keyStore == null || a.keyStorePasswordFile == null || a.trustStore == null)) {
            throw new IllegalArgumentException("the database is served over TLS: give --key-store,"
                    + " --key-store-password-file and --trust-store, or --plaintext to opt out explicitly" + usage());
        }
        return a;
    }

    private static String usage() {
        return " (usage: H2ServerLauncher <port|0> <baseDir> [--host HOST] [--h2-port PORT] --key-store FILE"
                + " --key-store-password-file FILE --trust-store FILE [--crl FILE] | --plaintext)";
    }

    int port() {
        return port;
    }

    Path baseDir() {
        return baseDir;
    }

    String host() {
        return host;
    }

    int h2Port() {
        return h2Port;
    }

    /**
     * The database server's TLS material (a {@link CertificateKind#DATABASE} certificate); empty with
     * {@code --plaintext}.
     *
     * @throws IllegalArgumentException when the files cannot be used or hold another kind of certificate
     */
    Optional<TlsMaterial> tlsMaterial() {
        if (plaintext) {
            return Optional.empty();
        }
        char[] password =
                PasswordFiles.read(keyStorePasswordFile, "key store password file", SsoError.INVALID_ARGUMENT);
        TlsMaterial material;
        try {
            material = TlsMaterial.fromPkcs12(keyStore, password, trustStore);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (material.identity().kind() != CertificateKind.DATABASE) {
            throw new IllegalArgumentException("the key store " + keyStore + " holds a "
                    + material.identity().kind().label() + " certificate; the database server needs a database"
                    + " certificate of the cluster CA (sso-init writes database/database.p12)");
        }
        if (crl != null) {
            material = material.withRevocationList(RevocationList.load(crl, material.caCertificate()));
        }
        return Optional.of(material);
    }
}
