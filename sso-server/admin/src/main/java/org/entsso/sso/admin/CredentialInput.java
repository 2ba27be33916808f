package org.entsso.sso.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where {@code -setcredentials} takes the external user id and the credentials from: the terminal (masked fields read
 * without echo, twice), or, for scripts, {@code --external-user} and an owner-only {@code --password-file} holding one
 * line per credential field (fields 1..n-1 in order). Values are never taken from the command line.
 */
final class CredentialInput {
    private final Optional<Prompter> prompter;
    private final Optional<String> externalUser;
    private final Optional<Path> passwordFile;

    CredentialInput(Optional<Prompter> prompter, Optional<String> externalUser, Optional<Path> passwordFile) {
        this.prompter = prompter;
        this.externalUser = externalUser;
        this.passwordFile = passwordFile;
    }

    /** The external user id of a new mapping. */
    String externalUser(String account, String application, String label) {
        if (externalUser.isPresent()) {
            return externalUser.get();
        }
        Prompter p = prompter.orElseThrow(() -> CommandFailure.usage(account + " has no mapping in " + application
                + " yet: give its external user id with --external-user (no terminal to ask)"));
        String line =
                p.readLine("Enter the external user id (" + label + ") of " + account + " in " + application + ": ");
        if (line == null || line.isBlank()) {
            throw CommandFailure.usage("No external user id given; nothing changed");
        }
        return line.strip();
    }

    /** The values of fields 1..n-1; the caller clears them. */
    Map<Integer, char[]> credentials(List<JsonNode> fields) {
        if (fields.size() < 2) {
            return Map.of();
        }
        if (passwordFile.isPresent()) {
            return fromFile(passwordFile.get(), fields.size() - 1);
        }
        Prompter p = prompter.orElseThrow(() -> CommandFailure.usage(
                "No terminal to ask for the credentials without echo: give --password-file FILE (owner-only, one"
                        + " line per credential field)"));
        Map<Integer, char[]> values = new LinkedHashMap<>();
        try {
            for (int i = 1; i < fields.size(); i++) {
                String label = fields.get(i).path("name").asText();
                if (fields.get(i).path("masked").asBoolean()) {
                    char[] first = p.readPassword("Enter " + label + ": ");
                    char[] again = p.readPassword("Confirm " + label + ": ");
                    try {
                        if (first == null || again == null || !Arrays.equals(first, again)) {
                            throw CommandFailure.usage("The two " + label + " entries differ; nothing changed");
                        }
                    } finally {
                        if (again != null) {
                            Arrays.fill(again, '\0');
                        }
                    }
                    values.put(i, first);
                } else {
                    String line = p.readLine("Enter " + label + ": ");
                    values.put(i, line == null ? new char[0] : line.toCharArray());
                }
            }
            return values;
        } catch (RuntimeException e) {
            values.values().forEach(v -> Arrays.fill(v, '\0'));
            throw e;
        }
    }

    private static Map<Integer, char[]> fromFile(Path file, int count) {
        requireOwnerOnly(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CommandFailure.usage("Cannot read the password file " + file + ": " + CommandLines.oneLine(e));
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        Arrays.fill(bytes, (byte) 0);
        List<char[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= chars.limit(); i++) {
            if (i == chars.limit() || chars.get(i) == '\n') {
                int end = i > start && chars.get(i - 1) == '\r' ? i - 1 : i;
                if (i < chars.limit() || end > start) {
                    char[] line = new char[end - start];
                    for (int j = start; j < end; j++) {
                        line[j - start] = chars.get(j);
                    }
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        Arrays.fill(chars.array(), '\0');
        if (lines.size() != count) {
            lines.forEach(l -> Arrays.fill(l, '\0'));
            throw CommandFailure.usage("The password file " + file + " has " + lines.size() + " line(s); the"
                    + " application has " + count + " credential field(s), one line each");
        }
        Map<Integer, char[]> values = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            values.put(i + 1, lines.get(i));
        }
        return values;
    }

    private static void requireOwnerOnly(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CommandFailure.usage("The password file " + file + " does not exist");
        }
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return; // not a POSIX file system: its access control lists are the operator's to set
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : permissions) {
                if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_")) {
                    throw CommandFailure.usage(
                            "The password file " + file + " can be read by others than its owner" + " (chmod 600 it)");
                }
            }
        } catch (IOException e) {
            throw CommandFailure.usage("Cannot read the password file " + file + ": " + CommandLines.oneLine(e));
        }
    }
}
