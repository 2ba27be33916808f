package org.entsso.cluster.cli;

/** A command line the user must correct; printed as one line, exit code {@link ExitCodes#USAGE}. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
