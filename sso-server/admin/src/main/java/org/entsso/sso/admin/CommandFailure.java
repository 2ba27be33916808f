package org.entsso.sso.admin;

/**
 * A command line's own refusal, with its exit code and one sentence (a usage problem, a local file, a file's XML). The
 * server's refusals arrive as {@link org.entsso.sso.client.SsoClientException} instead.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int exitCode;

    CommandFailure(int exitCode, String sentence) {
        super(sentence);
        this.exitCode = exitCode;
    }

    /** Exit 2: the command line, a local file or its content is wrong; nothing was sent. */
    static CommandFailure usage(String sentence) {
        return new CommandFailure(CommandLines.EXIT_USAGE, sentence);
    }

    /** Exit 1: refused. */
    static CommandFailure refused(String sentence) {
        return new CommandFailure(CommandLines.EXIT_REFUSED, sentence);
    }
}
