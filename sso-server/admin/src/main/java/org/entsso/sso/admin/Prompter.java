package org.entsso.sso.admin;

import java.io.Console;
import java.util.Optional;

/**
 * Where a command line asks its questions: the process's console, passwords read without echo. Absent when the process
 * has no terminal (scripts, tests): then secrets come from a {@code --password-file}.
 */
interface Prompter {
    /** A secret read without echo; the caller clears it. Null at end of input. */
    char[] readPassword(String prompt);

    /** A line of text (echoed); null at end of input. */
    String readLine(String prompt);

    /** The process's console, if it has one. */
    static Optional<Prompter> system() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        return Optional.of(new Prompter() {
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
