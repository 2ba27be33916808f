package org.entsso.sso.crypto;

import java.nio.CharBuffer;
import java.text.Normalizer;

/**
 * Unicode normalisation of backup file passwords (issue 9 item 11): the same password typed on another keyboard or
 * pasted from another program can arrive composed ({@code é}, U+00E9) or decomposed ({@code e} + U+0301), which
 * Argon2 sees as different bytes. New backup files are sealed under the password's NFC form; see {@link BackupFile}
 * for how files written before are still read. Thread-safe: stateless.
 */
final class PasswordForms {
    private PasswordForms() {}

    /**
     * {@code password} in Unicode NFC: the same array when it already is (ASCII always is), otherwise a new array the
     * caller clears. The JDK normalises into a {@code String} only, so a non-NFC password leaves one transient copy
     * on the heap that cannot be cleared; NFC input (nearly every password) leaves none.
     */
    static char[] nfc(char[] password) {
        CharBuffer chars = CharBuffer.wrap(password);
        if (Normalizer.isNormalized(chars, Normalizer.Form.NFC)) {
            return password;
        }
        return Normalizer.normalize(chars, Normalizer.Form.NFC).toCharArray();
    }

    /** {@code text} (a password reminder) in NFC, so that it is compared with the password in the same form. */
    static String nfc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }
}
