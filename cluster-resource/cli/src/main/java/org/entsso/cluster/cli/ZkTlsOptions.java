package org.entsso.cluster.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ZkTls;
import picocli.CommandLine.Option;

/**
 * How the command line reaches ZooKeeper: over TLS with an administrator's certificate from the cluster CA (the
 * default, DESIGN.md decision 13), or in plaintext when asked for by name. Each file comes from its flag, else from its
 * environment variable. Not thread-safe (picocli fills it once).
 */
final class ZkTlsOptions {
    static final String ENV_KEYSTORE = "ENTSSO_ZK_KEYSTORE";
    static final String ENV_PASSWORD_FILE = "ENTSSO_ZK_KEYSTORE_PASSWORD_FILE";
    static final String ENV_TRUSTSTORE = "ENTSSO_ZK_TRUSTSTORE";
    static final String ENV_PLAINTEXT = "ENTSSO_ZK_PLAINTEXT";

    private static final Logger LOG = LogManager.getLogger(ZkTlsOptions.class);

    @Option(
            names = "--zk-keystore",
            paramLabel = "FILE",
            description = "PKCS#12 file with a certificate from the cluster CA, e.g. admin/admin.p12 (default:" + " $"
                    + ENV_KEYSTORE + ").")
    Path keyStore;

    @Option(
            names = "--zk-keystore-password-file",
            paramLabel = "FILE",
            description = "File holding that key store's password, e.g. admin/admin.p12.pwd (default: $"
                    + ENV_PASSWORD_FILE + ").")
    Path passwordFile;

    @Option(
            names = "--zk-truststore",
            paramLabel = "FILE",
            description = "The cluster CA certificate (PEM), e.g. admin/ca.pem (default: $" + ENV_TRUSTSTORE + ").")
    Path trustStore;

    @Option(
            names = "--zk-plaintext",
            description = "Talk to ZooKeeper without TLS: only for an ensemble run without it, such as 'cluster"
                    + " sandbox' (or $" + ENV_PLAINTEXT + "=true). Logged as a warning.")
    boolean plaintext;

    /**
     * The TLS files, or empty for a plaintext connection that was asked for.
     *
     * @throws UsageException naming what is missing, contradictory or not a file
     */
    Optional<ZkTls> resolve(Map<String, String> env) {
        Optional<Path> key = file(keyStore, env.get(ENV_KEYSTORE));
        Optional<Path> password = file(passwordFile, env.get(ENV_PASSWORD_FILE));
        Optional<Path> trust = file(trustStore, env.get(ENV_TRUSTSTORE));
        boolean anyTls = key.isPresent() || password.isPresent() || trust.isPresent();
        if (plaintext || isTrue(env.get(ENV_PLAINTEXT))) {
            if (anyTls) {
                throw new UsageException("Plaintext (--zk-plaintext or " + ENV_PLAINTEXT + ") and the TLS files"
                        + " (--zk-keystore, --zk-keystore-password-file, --zk-truststore) contradict each other.");
            }
            LOG.warn("ZooKeeper traffic of this command is not encrypted: plaintext was asked for");
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        require(key, "--zk-keystore FILE", missing);
        require(password, "--zk-keystore-password-file FILE", missing);
        require(trust, "--zk-truststore FILE", missing);
        if (!missing.isEmpty()) {
            throw new UsageException("ZooKeeper is reached over TLS with a certificate from the cluster CA: give "
                    + String.join(", ", missing) + " (or " + ENV_KEYSTORE + ", " + ENV_PASSWORD_FILE + ", "
                    + ENV_TRUSTSTORE + "), or --zk-plaintext for an ensemble without TLS.");
        }
        return Optional.of(ZkTls.of(existing(key.get()), existing(password.get()), existing(trust.get())));
    }

    private static Optional<Path> file(Path flag, String env) {
        if (flag != null) {
            return Optional.of(flag);
        }
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env.strip()));
    }

    private static void require(Optional<Path> value, String flag, List<String> missing) {
        if (value.isEmpty()) {
            missing.add(flag);
        }
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("The ZooKeeper TLS file " + file + " does not exist or is not a file.");
        }
        return file;
    }

    private static boolean isTrue(String value) {
        return value != null
                && List.of("true", "1", "yes").contains(value.strip().toLowerCase(Locale.ROOT));
    }
}
