package org.entsso.sso.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.internal.Drbg;
import org.entsso.sso.crypto.internal.SecureFiles;

/**
 * Owner-only password files (the DPAPI analogue of DESIGN.md decision 5): the secret store's, the node key store's,
 * the database's. A file group or others can read is refused. Thread-safe: stateless.
 */
public final class PasswordFiles {
    private PasswordFiles() {}

    /** The password in {@code file} (UTF-8, one trailing newline ignored); the caller clears the result. */
    public static char[] read(Path file) {
        return read(file, "secret store password file");
    }

    /**
     * As {@link #read(Path)}, naming the file as {@code what} (e.g. "key store password file") in errors.
     *
     * @throws SsoException SECRET_STORE_UNREADABLE when the file is missing, readable by others, empty or not UTF-8
     */
    public static char[] read(Path file, String what) {
        return read(file, what, SsoError.SECRET_STORE_UNREADABLE);
    }

    /** As {@link #read(Path, String)}, reporting problems as {@code error} (e.g. INVALID_ARGUMENT for configuration). */
    public static char[] read(Path file, String what, SsoError error) {
        byte[] bytes;
        try {
            bytes = SecureFiles.readOwnerOnly(file, what);
        } catch (SecureFiles.FileProblem e) {
            throw new SsoException(
                    error,
                    Character.toUpperCase(e.getMessage().charAt(0))
                            + e.getMessage().substring(1) + ".",
                    e);
        }
        try {
            int length = bytes.length;
            while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
                length--;
            }
            if (length == 0) {
                throw new SsoException(error, "The " + what + " " + file + " is empty.");
            }
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            char[] password = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (CharacterCodingException e) {
            throw new SsoException(error, "The " + what + " " + file + " is not UTF-8 text.", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Writes a new random 256-bit password, Base64-encoded, owner-only and atomically. */
    public static void generate(Path file) {
        if (Files.exists(file)) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "The password file " + file + " already exists.");
        }
        byte[] random = new byte[32];
        Drbg.create().nextBytes(random);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(random);
        try {
            SecureFiles.writeAtomically(file, encoded);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the password file " + file, e);
        } finally {
            Arrays.fill(random, (byte) 0);
            Arrays.fill(encoded, (byte) 0);
        }
    }
}
