package org.entsso.sso.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.ClientConfig;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.mss.SecretAdminClient;
import org.entsso.sso.tls.TlsMaterial;

/**
 * The SSO administrator's side of a {@code ssoconfig} call: the {@code client.properties} (from {@code --config},
 * {@code $ENTSSO_CLIENT_CONFIG} or {@code ./client.properties}), its certificate, and the located master secret
 * server, ready to open a {@link SecretAdminClient}. Local problems are 15000 naming the file.
 */
record AdminSession(TlsMaterial tls, SecretServerLocator.Located located, ClientConfig config) {
    static final String CONFIG_ENV = "ENTSSO_CLIENT_CONFIG";
    /** Generate and backup stretch the password with Argon2id on the server: allow for it. */
    static final Duration MIN_READ_TIMEOUT = Duration.ofSeconds(60);

    static AdminSession open(Path configOption, String networkName, URI endpoint) {
        Path file = configFile(configOption);
        ClientConfig config = ClientConfigFile.load(file);
        TlsMaterial tls = tls(config);
        return new AdminSession(tls, SecretServerLocator.locate(file, config, networkName, endpoint), config);
    }

    SecretAdminClient client() {
        Duration read =
                config.writeDeadline().compareTo(MIN_READ_TIMEOUT) > 0 ? config.writeDeadline() : MIN_READ_TIMEOUT;
        return new SecretAdminClient(tls, located.endpoint(), config.requestTimeout(), read);
    }

    static Path configFile(Path option) {
        Path file;
        String how;
        if (option != null) {
            file = option;
            how = "--config";
        } else if (System.getenv(CONFIG_ENV) != null
                && !System.getenv(CONFIG_ENV).isBlank()) {
            file = Path.of(System.getenv(CONFIG_ENV));
            how = "$" + CONFIG_ENV;
        } else {
            file = Path.of("client.properties");
            how = "the default";
        }
        if (!Files.isRegularFile(file)) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "The client configuration " + file.toAbsolutePath() + " (" + how + ") does not exist; give"
                            + " --config FILE or set " + CONFIG_ENV + ".");
        }
        return file;
    }

    private static TlsMaterial tls(ClientConfig config) {
        Path keyStore = config.keyStore().orElseThrow();
        char[] password = PasswordFiles.read(
                config.keyStorePasswordFile().orElseThrow(), "key store password file", SsoError.INVALID_ARGUMENT);
        try {
            return TlsMaterial.fromPkcs12(
                    keyStore, password, config.trustStore().orElseThrow());
        } catch (IllegalArgumentException e) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "Cannot use the certificate: " + e.getMessage() + ".");
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
