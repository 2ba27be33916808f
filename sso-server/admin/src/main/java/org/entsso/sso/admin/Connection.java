package org.entsso.sso.admin;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    /**
     * How long one request of a command line may take: a file of 10,000 mappings or 1,000 applications is one
     * transaction, which takes seconds, longer than a host instance's lookup timeout. A host instance's client
     * configuration is used as it is otherwise.
     */
    static final Duration BATCH_TIMEOUT = Duration.ofMinutes(2);

    /**
     * The configuration as loaded, with the chosen server alone when there is one, and a request timeout and write
     * deadline of at least {@link #BATCH_TIMEOUT} without write hedging (a slow batch sent again to a second server
     * would only wait there for the first one's locks).
     */
    static ClientConfig config(Path option, Environment environment) {
        ClientConfig loaded;
        try {
            loaded = ClientConfigFile.load(configFile(option, environment));
        } catch (SsoException | IllegalArgumentException e) {
            throw CommandFailure.usage(CommandLines.oneLine(e));
        }
        Optional<URI> chosen = new ServerChoice(environment).effective();
        Duration timeout = max(loaded.requestTimeout(), BATCH_TIMEOUT);
        Duration deadline = max(loaded.writeDeadline(), BATCH_TIMEOUT);
        return ClientConfig.builder()
                .tlsFiles(
                        loaded.keyStore().orElseThrow(),
                        loaded.keyStorePasswordFile().orElseThrow(),
                        loaded.trustStore().orElseThrow())
                .servers(chosen.map(List::of).orElse(loaded.servers()))
                .writeDeadline(deadline)
                .requestTimeout(timeout)
                .hedgeDelay(loaded.hedgeDelay())
                .writeHedgeDelay(deadline)
                .discoveryInterval(loaded.discoveryInterval())
                .discovery(chosen.isEmpty() && loaded.discovery())
                .build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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
