package org.entsso.sso.admin;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a command line takes from its process: the client configuration named by {@code $ENTSSO_CLIENT_CONFIG}, the
 * per-user and machine-wide SSO server choice files ({@code -server} / {@code -serverall}), and the terminal.
 *
 * @param clientConfig the client configuration from the environment, if set
 * @param userServerFile the current user's choice ({@code $ENTSSO_USER_DIR/sso-server.properties}, default
 *     {@code ~/.entsso/})
 * @param machineServerFile every user's choice on this machine ({@code $ENTSSO_MACHINE_DIR/sso-server.properties},
 *     default {@code /etc/entsso/})
 * @param prompter the terminal, absent without one
 */
record Environment(
        Optional<Path> clientConfig, Path userServerFile, Path machineServerFile, Optional<Prompter> prompter) {
    static final String CONFIG_ENV = "ENTSSO_CLIENT_CONFIG";
    static final String SERVER_FILE = "sso-server.properties";

    /** The process's environment. */
    static Environment system() {
        String config = System.getenv(CONFIG_ENV);
        String userDir = System.getenv("ENTSSO_USER_DIR");
        String machineDir = System.getenv("ENTSSO_MACHINE_DIR");
        return new Environment(
                config == null || config.isBlank() ? Optional.empty() : Optional.of(Path.of(config)),
                (userDir == null || userDir.isBlank()
                                ? Path.of(System.getProperty("user.home"), ".entsso")
                                : Path.of(userDir))
                        .resolve(SERVER_FILE),
                (machineDir == null || machineDir.isBlank() ? Path.of("/etc/entsso") : Path.of(machineDir))
                        .resolve(SERVER_FILE),
                Prompter.system());
    }
}
