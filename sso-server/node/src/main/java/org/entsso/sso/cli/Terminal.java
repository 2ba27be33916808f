package org.entsso.sso.cli;

import java.io.Console;
import java.util.Optional;

/**
 * Where {@code ssoconfig} asks its questions: the process's console ({@link System#console()}), with passwords read
 * without echo. Absent when the process has no terminal (scripts, tests), in which case the password must come from
 * {@code --password-file}.
 */
interface Terminal {
    /** A password read without echo; the caller clears it. Null at end of input. */
    char[] readPassword(String prompt);

    /** A line of text (echoed); null at end of input. */
    String readLine(String prompt);

    /** The process's console, if it has one. */
    static Optional<Terminal> system() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        return Optional.of(new Terminal() {
            @Override
            public char[] readPassword(String prompt) {
                return console.readPassword("%s", prompt);
            }

            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }
        });
    }
}
