package org.entsso.sso.admin;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.ClientConfig;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.SsoClient;

/**
 * Opens the {@link SsoClient} a command line works through: the certificate and servers of a {@code client.properties}
 * ({@code --config}, else {@code $ENTSSO_CLIENT_CONFIG}, else {@code ./client.properties}), narrowed to the SSO server
 * of {@code -server}/{@code -serverall} when one is chosen.
 */
final class Connection {
    private Connection() {}

    /** The client configuration file, checked to exist. */
    static Path configFile(Path option, Environment environment) {
        Path file;
        String how;
        if (option != null) {
            file = option;
            how = "--config";
        } else if (environment.clientConfig().isPresent()) {
            file = environment.clientConfig().get();
            how = "$" + Environment.CONFIG_ENV;
        } else {
            file = Path.of("client.properties");
            how = "the default";
        }
        if (!Files.isRegularFile(file)) {
            throw CommandFailure.usage("The client configuration " + file.toAbsolutePath() + " (" + how
                    + ") does not exist; give --config FILE or set " + Environment.CONFIG_ENV + ".");
        }
        return file;
    }

    /** The configuration as loaded, with the chosen server alone when there is one. */
    static ClientConfig config(Path option, Environment environment) {
        ClientConfig loaded;
        try {
            loaded = ClientConfigFile.load(configFile(option, environment));
        } catch (SsoException | IllegalArgumentException e) {
            throw CommandFailure.usage(CommandLines.oneLine(e));
        }
        Optional<URI> chosen = new ServerChoice(environment).effective();
        if (chosen.isEmpty()) {
            return loaded;
        }
        ClientConfig.Builder b = ClientConfig.builder()
                .tlsFiles(
                        loaded.keyStore().orElseThrow(),
                        loaded.keyStorePasswordFile().orElseThrow(),
                        loaded.trustStore().orElseThrow())
                .servers(List.of(chosen.get()))
                .writeDeadline(loaded.writeDeadline())
                .requestTimeout(loaded.requestTimeout())
                .hedgeDelay(loaded.hedgeDelay())
                .writeHedgeDelay(loaded.writeHedgeDelay())
                .discovery(false);
        return b.build();
    }

    /** An open client; the caller closes it. */
    static SsoClient open(Path option, Environment environment) {
        ClientConfig config = config(option, environment);
        try {
            return SsoClient.open(config);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(
                    "Cannot use the certificate of the client configuration: " + CommandLines.oneLine(e));
        }
    }
}
