package org.entsso.sso.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.internal.Argon2;
import org.entsso.sso.crypto.internal.Drbg;
import org.entsso.sso.crypto.internal.FormatException;
import org.entsso.sso.crypto.internal.Gcm;
import org.entsso.sso.crypto.internal.SecureFiles;

/**
 * The password-protected master secret backup file that {@code ssoconfig -backupsecret}, {@code -restoresecret} and
 * {@code -generatesecret} use (anchors/entsso.md §2, "Secret file rules"). It holds the current and previous secrets
 * and an optional password reminder that can be read without the password.
 *
 * <h2>Format, version 1</h2>
 *
 * All integers are big-endian.
 *
 * <pre>
 *   size  field
 *   8     signature "ENTSSOBK" (ASCII)
 *   1     format version = 1
 *   1     key derivation id = 1 (Argon2id, version 0x13, RFC 9106)
 *   4     Argon2 memory in KiB            (8 x parallelism .. 1 GiB)
 *   4     Argon2 iterations               (1 .. 64)
 *   1     Argon2 parallelism              (1 .. 16)
 *   1     salt length s                   (16 or more)
 *   s     salt (random)
 *   2     reminder length r               (0 .. 1024)
 *   r     password reminder, UTF-8, in the clear
 *   32    password verifier: bytes 32..63 of the Argon2 output
 *   12    AES-GCM nonce (random)
 *   4     sealed length m                 (16 .. 4096)
 *   m     AES-256-GCM(key = bytes 0..31 of the Argon2 output, associated data = every byte above)
 *         of the keyring: 1 (version) | count | count x (MSID 16 | created epoch-ms 8 | key 32), current first
 *   32    SHA-256 of every byte above
 * </pre>
 *
 * <p>The checks run in this order, so each failure gets the right ENTSSO error: signature, version, bounds and
 * checksum (accidental damage, truncation, a foreign file: 10564 "The backup file does not have the correct format");
 * then the password verifier (10815 "Incorrect master secret"); then the AES-GCM tag, which also authenticates the
 * reminder and the parameters (deliberate tampering with a correct password: 10564). The verifier gives an attacker
 * nothing the tag would not: either costs one Argon2 run per guess.
 *
 * <p>Passwords are {@code char[]} of at least {@value #MIN_PASSWORD_LENGTH} characters (counted in NFC); every method
 * here clears the caller's password array before returning. A new file is sealed under the password's Unicode NFC
 * form, so the same password typed composed or decomposed opens it; reading tries the NFC form, then the password
 * exactly as typed, so a file written before normalisation (issue 9 item 11) still opens with the password as it was
 * typed then. The format is unchanged (version 1), so older releases read new files whenever the password was NFC. Files are written atomically and owner-only ({@code rw-------}).
 *
 * <p>Thread-safe: instances only hold their immutable {@link PasswordStretching}.
 */
public final class BackupFile {
    /** Shortest password accepted for a new backup file. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    /**
     * The largest backup file there can be (the format bounds the salt, the reminder and the sealed secrets; the
     * largest is under 6 KiB). One limit for {@code ssoconfig} and the server (issue 9 item 11): anything longer is
     * not a backup file (10564), and no file is read past it.
     */
    public static final int MAX_FILE_BYTES = 8 * 1024;

    /** The largest request body that carries a backup file: its Base64, the password and the reminder. */
    public static final int MAX_REQUEST_BYTES = (MAX_FILE_BYTES + 2) / 3 * 4 + 8 * 1024;

    private static final Logger LOG = LogManager.getLogger(BackupFile.class);
    private static final int DERIVED_BYTES = 64;

    private final PasswordStretching stretching;

    /** Writes files with {@link PasswordStretching#RECOMMENDED} parameters. */
    public BackupFile() {
        this(PasswordStretching.RECOMMENDED);
    }

    /** Writes files with {@code stretching} (tests use small parameters; reading always uses the file's own). */
    public BackupFile(PasswordStretching stretching) {
        this.stretching = Objects.requireNonNull(stretching, "stretching");
    }

    /**
     * Writes {@code keyring} to {@code file}, sealed under {@code password}, with an optional {@code reminder} (null
     * or empty for none). Clears {@code password}. Throws {@link SsoException} ({@link SsoError#INVALID_ARGUMENT}) for
     * a short password or a reminder that gives the password away.
     */
    public void write(Path file, Keyring keyring, char[] password, String reminder) {
        char[] nfc = PasswordForms.nfc(password);
        try {
            String hint = reminder == null ? "" : reminder;
            checkPassword(nfc, hint);
            byte[] bytes = seal(keyring, nfc, hint);
            SecureFiles.writeAtomically(file, bytes);
            LOG.info(
                    "Wrote master secret backup {} (current MSID {}, previous MSID {})",
                    file,
                    keyring.current().msid(),
                    keyring.previous().map(SecretInfo::msid).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the backup file " + file, e);
        } finally {
            Arrays.fill(nfc, '\0');
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Reads the keyring from {@code file} with {@code password}, which is cleared. Throws {@link SsoException}:
     * {@link SsoError#INCORRECT_MASTER_SECRET} for a wrong password, {@link SsoError#BACKUP_FILE_FORMAT} for a
     * truncated, corrupted, tampered or foreign file, {@link SsoError#INVALID_ARGUMENT} if it does not exist.
     */
    public Keyring read(Path file, char[] password) {
        try {
            return open(readBytes(file), password, file.toString());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The backup file's bytes for {@code keyring}, sealed under {@code password} with an optional {@code reminder}, as
     * the master secret server returns them to an administrator (the raw keys never leave it). Clears
     * {@code password}. Throws {@link SsoException} ({@link SsoError#INVALID_ARGUMENT}) for a short password or a
     * reminder that gives the password away.
     */
    public byte[] toBytes(Keyring keyring, char[] password, String reminder) {
        char[] nfc = PasswordForms.nfc(password);
        try {
            String hint = reminder == null ? "" : reminder;
            checkPassword(nfc, hint);
            return seal(keyring, nfc, hint);
        } finally {
            Arrays.fill(nfc, '\0');
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Reads a keyring from a backup file's {@code bytes} with {@code password}, which is cleared. Errors as
     * {@link #read}: {@link SsoError#INCORRECT_MASTER_SECRET} (10815) for a wrong password,
     * {@link SsoError#BACKUP_FILE_FORMAT} (10564) for anything that is not an intact backup file.
     */
    public Keyring fromBytes(byte[] bytes, char[] password) {
        try {
            return open(bytes, password, "(uploaded)");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The password reminder stored in {@code file}, readable without the password; empty if it has none. */
    public static Optional<String> readReminder(Path file) {
        String reminder = parse(readBytes(file), file.toString()).reminder;
        return reminder.isEmpty() ? Optional.empty() : Optional.of(reminder);
    }

    /** The file's bytes, sealed under {@code password} exactly as given (callers pass its NFC form). */
    byte[] seal(Keyring keyring, char[] password, String reminderOrNull) {
        String reminder = reminderOrNull == null ? "" : reminderOrNull;
        SecureRandom random = Drbg.create();
        byte[] salt = new byte[BackupFormat.SALT_BYTES];
        random.nextBytes(salt);
        byte[] nonce = new byte[Gcm.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] derived = derive(password, salt, stretching);
        byte[] plain = keyring.encode();
        try {
            byte[] verifier = Arrays.copyOfRange(derived, 32, DERIVED_BYTES);
            int sealedLength = plain.length + Gcm.TAG_BYTES;
            byte[] header = BackupFormat.header(stretching, salt, reminder, verifier, nonce, sealedLength);
            byte[] sealed = Gcm.seal(Arrays.copyOf(derived, 32), nonce, header, plain);
            return BackupFormat.file(header, sealed);
        } finally {
            Arrays.fill(derived, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    static Keyring open(byte[] bytes, char[] password, String name) {
        BackupFormat format = parse(bytes, name);
        byte[] derived = unlock(format, password, name);
        byte[] key = Arrays.copyOf(derived, 32);
        byte[] plain = null;
        try {
            plain = Gcm.open(key, format.nonce, format.associatedData, format.sealed);
            if (plain == null) {
                throw formatError(name, "its contents fail authentication: the file was altered", null);
            }
            return Keyring.decode(plain);
        } catch (FormatException e) {
            throw formatError(name, e.getMessage(), e);
        } finally {
            Arrays.fill(derived, (byte) 0);
            Arrays.fill(key, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /**
     * The Argon2 output whose verifier matches the file's: from the password's NFC form first (how files are written
     * since issue 9 item 11), then from the password exactly as typed (files written before, whose password may not
     * have been NFC). An NFC password costs one derivation, as before.
     *
     * @throws SsoException INCORRECT_MASTER_SECRET (10815) when neither form opens the file
     */
    private static byte[] unlock(BackupFormat format, char[] password, String name) {
        char[] nfc = PasswordForms.nfc(password);
        try {
            byte[] derived = derive(nfc, format.salt, format.stretching);
            if (!verifies(format, derived) && nfc != password) {
                Arrays.fill(derived, (byte) 0);
                derived = derive(password, format.salt, format.stretching);
            }
            if (!verifies(format, derived)) {
                Arrays.fill(derived, (byte) 0);
                throw new SsoException(
                        SsoError.INCORRECT_MASTER_SECRET,
                        "The password does not open the backup file " + name + ". Check the password reminder.");
            }
            return derived;
        } finally {
            if (nfc != password) {
                Arrays.fill(nfc, '\0');
            }
        }
    }

    private static boolean verifies(BackupFormat format, byte[] derived) {
        return MessageDigest.isEqual(format.verifier, Arrays.copyOfRange(derived, 32, DERIVED_BYTES));
    }

    private static BackupFormat parse(byte[] bytes, String name) {
        try {
            return BackupFormat.parse(bytes);
        } catch (FormatException e) {
            throw formatError(name, e.getMessage(), e);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, PasswordStretching cost) {
        return Argon2.derive(password, salt, cost.memoryKiB(), cost.iterations(), cost.parallelism(), DERIVED_BYTES);
    }

    private static void checkPassword(char[] password, String reminder) {
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "The backup file password must be at least " + MIN_PASSWORD_LENGTH + " characters long.");
        }
        if (reminder.length() > 256) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "The password reminder must be at most 256 characters.");
        }
        if (contains(PasswordForms.nfc(reminder), password)) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "The password reminder contains the password; the reminder is stored in the clear.");
        }
    }

    /** Whether {@code text} contains {@code password}, without turning the password into a {@code String}. */
    private static boolean contains(String text, char[] password) {
        for (int start = 0; start + password.length <= text.length(); start++) {
            int matched = 0;
            while (matched < password.length && text.charAt(start + matched) == password[matched]) {
                matched++;
            }
            if (matched == password.length) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks that {@code bytes} are a whole backup file of this format, without opening it.
     *
     * @throws SsoException BACKUP_FILE_FORMAT (10564) naming the first problem
     */
    public static void checkFormat(byte[] bytes, String name) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw formatError(name, "it is larger than any backup file (" + MAX_FILE_BYTES + " bytes at most)", null);
        }
        parse(bytes, name);
    }

    /**
     * Reads at most one byte more than {@link #MAX_FILE_BYTES} from {@code file}, whatever it is (a device such as
     * {@code /dev/zero} has no size to check first), and checks its format.
     *
     * @throws SsoException BACKUP_FILE_FORMAT (10564) when it is not a backup file
     * @throws IOException when it cannot be read
     */
    public static byte[] readBounded(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        try {
            checkFormat(bytes, file.toString());
            return bytes;
        } catch (SsoException e) {
            Arrays.fill(bytes, (byte) 0);
            throw e;
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return readBounded(file);
        } catch (NoSuchFileException e) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "The backup file " + file + " does not exist.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the backup file " + file, e);
        }
    }

    private static SsoException formatError(String name, String why, Throwable cause) {
        return new SsoException(SsoError.BACKUP_FILE_FORMAT, "File " + name + ": " + why + ".", cause);
    }
}
