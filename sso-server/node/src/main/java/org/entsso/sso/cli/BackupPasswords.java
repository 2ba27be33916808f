package org.entsso.sso.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.crypto.PasswordFiles;

/**
 * The backup file password: from an owner-only {@code --password-file}, or prompted without echo (twice, with a
 * confirmation, for a new backup, as ENTSSO's ssoconfig does). The returned arrays belong to the caller, who clears
 * them; intermediate copies are cleared here. A password is never printed.
 */
final class BackupPasswords {
    private final Path passwordFile;
    private final Optional<Terminal> terminal;

    BackupPasswords(Path passwordFile, Optional<Terminal> terminal) {
        this.passwordFile = passwordFile;
        this.terminal = terminal;
    }

    /** The password a new backup file is sealed with (generate, backup): at least 12 characters. */
    char[] forNewBackup() {
        char[] password = passwordFile != null ? fromFile() : promptTwice();
        if (password.length < BackupFile.MIN_PASSWORD_LENGTH) {
            Arrays.fill(password, '\0');
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "The backup file password must be at least " + BackupFile.MIN_PASSWORD_LENGTH + " characters.");
        }
        return password;
    }

    /** The password an existing backup file was sealed with (restore). */
    char[] forExistingBackup() {
        if (passwordFile != null) {
            return fromFile();
        }
        char[] password = terminal().readPassword("Enter the password of the backup file: ");
        if (password == null || password.length == 0) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "No password was entered.");
        }
        return password;
    }

    /** The reminder for a new backup: the option's value, else asked on the terminal (optional), else none. */
    String reminder(String option) {
        if (option != null || passwordFile != null || terminal.isEmpty()) {
            return option;
        }
        String line = terminal.get().readLine("Enter a password reminder (stored in the file, not secret): ");
        return line == null || line.isBlank() ? null : line.strip();
    }

    private char[] fromFile() {
        return PasswordFiles.read(passwordFile, "password file", SsoError.INVALID_ARGUMENT);
    }

    private char[] promptTwice() {
        Terminal t = terminal();
        char[] first = t.readPassword("Enter the password for the backup file (at least "
                + BackupFile.MIN_PASSWORD_LENGTH + " characters): ");
        char[] second = first == null ? null : t.readPassword("Confirm the password for the backup file: ");
        try {
            if (first == null || first.length == 0) {
                throw new SsoException(SsoError.INVALID_ARGUMENT, "No password was entered.");
            }
            if (!Arrays.equals(first, second)) {
                throw new SsoException(SsoError.INVALID_ARGUMENT, "The password and its confirmation differ.");
            }
            return first.clone();
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    private Terminal terminal() {
        return terminal.orElseThrow(
                () -> new SsoException(
                        SsoError.INVALID_ARGUMENT,
                        "No terminal to ask for the backup file password; give --password-file FILE (owner-only) for scripts."));
    }
}
