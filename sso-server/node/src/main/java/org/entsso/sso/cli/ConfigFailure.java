package org.entsso.sso.cli;

import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.SsoClientException;

/**
 * A command-line failure with its own exit code and sentence (no ENTSSO code fits), and how {@code ssoconfig} and
 * {@code sso-init}'s verbs turn any failure into one line and an exit code: 2 for usage and local configuration
 * (15000), 1 for a refusal by a server or an unreachable one.
 */
final class ConfigFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    ConfigFailure(int exitCode, String sentence) {
        super(sentence);
        this.exitCode = exitCode;
    }

    static String oneLine(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.replace('\n', ' ').strip();
    }

    static int exitCode(Exception e) {
        if (e instanceof ConfigFailure f) {
            return f.exitCode;
        }
        if (e instanceof SsoException s) {
            return s.error() == SsoError.INVALID_ARGUMENT ? SsoConfigCommand.EXIT_USAGE : SsoConfigCommand.EXIT_REFUSED;
        }
        if (e instanceof SsoClientException) {
            return SsoConfigCommand.EXIT_REFUSED;
        }
        return SsoConfigCommand.EXIT_USAGE;
    }
}
