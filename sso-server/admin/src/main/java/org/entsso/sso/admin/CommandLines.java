package org.entsso.sso.admin;

import java.io.PrintWriter;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.SsoClientException;
import picocli.CommandLine;

/**
 * What ssomanage and ssoclient share as command lines (as ssoconfig does them): case-insensitive single-dash verbs,
 * one-line errors {@code <tool>: [code] sentence} on stderr, exit 0 done, 1 refused (by the SSO server, or it could not
 * be reached), 2 usage (options, local files, a file's XML: nothing was sent). Stateless.
 */
final class CommandLines {
    static final int EXIT_REFUSED = 1;
    static final int EXIT_USAGE = 2;

    private CommandLines() {}

    /**
     * Turns the client library's log off for a command line run from a launcher (its own configuration, unless the
     * operator names one with {@code -Dlog4j2.configurationFile}): discovery warnings and retries would interleave
     * with the command's one-line errors. Call first thing in {@code main}, before any logger exists.
     */
    static void quietLibraryLogging() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "org/entsso/sso/admin/log4j2-cli.xml");
        }
    }

    /** Runs {@code command} with the shared conventions; returns the exit code. */
    static int execute(String tool, Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOptionsCaseInsensitive(true);
        cl.setAbbreviatedOptionsAllowed(false);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            String message = e.getMessage().startsWith("Error: ")
                    ? e.getMessage().substring("Error: ".length())
                    : e.getMessage();
            err.println(tool + ": " + message.replace('\n', ' ').strip() + " (see " + tool + " --help)");
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            err.println(tool + ": " + oneLine(e));
            err.flush();
            return exitCode(e);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static String oneLine(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.replace('\n', ' ').strip();
    }

    private static int exitCode(Exception e) {
        if (e instanceof CommandFailure f) {
            return f.exitCode;
        }
        if (e instanceof SsoClientException) {
            return EXIT_REFUSED;
        }
        if (e instanceof SsoException s) {
            return s.error() == org.entsso.sso.SsoError.INVALID_ARGUMENT ? EXIT_USAGE : EXIT_REFUSED;
        }
        return EXIT_USAGE;
    }
}
