package org.entsso.cluster.resource.types;

import java.util.ArrayList;
import java.util.List;
import org.entsso.cluster.InvalidClusterConfigurationException;

/**
 * Splits a Generic Application's {@code CommandLine} into arguments the way a POSIX shell does for simple quoting, and
 * nothing more: words separated by blanks, {@code '...'} taken literally, {@code "..."} with {@code \"}, {@code \\},
 * {@code \$} and {@code \`} escapes, and {@code \} escaping the next character outside quotes. There is no expansion,
 * globbing, redirection or piping: a command line that needs them says so explicitly, {@code sh -c '...'}.
 *
 * <p>Why not always {@code /bin/sh -c}: the process the engine watches and signals must be the application itself, so
 * that Offline's SIGTERM reaches it and its exit is the application's exit. Stateless.
 */
final class CommandLine {
    private CommandLine() {}

    /**
     * The arguments of {@code commandLine}.
     *
     * @throws InvalidClusterConfigurationException for an unterminated quote, a trailing backslash or no words
     */
    static List<String> split(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < commandLine.length(); i++) {
            char c = commandLine.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\'
                        && i + 1 < commandLine.length()
                        && "\"\\$`".indexOf(commandLine.charAt(i + 1)) >= 0) {
                    word.append(commandLine.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 == commandLine.length()) {
                    throw new InvalidClusterConfigurationException("CommandLine ends with a lone backslash");
                }
                word.append(commandLine.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new InvalidClusterConfigurationException("CommandLine has an unterminated " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new InvalidClusterConfigurationException("CommandLine is empty");
        }
        return List.copyOf(words);
    }
}
