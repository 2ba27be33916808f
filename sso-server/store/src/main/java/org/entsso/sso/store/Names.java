package org.entsso.sso.store;

import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/** Argument checks shared by the store's value types. Stateless. */
final class Names {
    private Names() {}

    /** A non-blank value of at most {@code max} characters; returns it unchanged. */
    static String requireName(String what, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, what + " must not be empty");
        }
        if (value.length() > max) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, what + " must be at most " + max + " characters");
        }
        requirePrintable(what, value);
        return value;
    }

    /**
     * Refuses control characters and unpaired surrogates (issue 9 item 11): a NUL, CR or LF in a name forged or
     * corrupted lines of {@code ssod.log}, and a lone surrogate has no UTF-8 form, so such a name could never be
     * addressed in a URL again. The character is named by its code point, never echoed.
     */
    static void requirePrintable(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT,
                        what + " must not contain control characters (found U+" + hex(c) + " at " + (i + 1) + ")");
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT,
                        what + " must not contain an unpaired surrogate (found U+" + hex(c) + " at " + (i + 1) + ")");
            }
        }
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    /** Like {@link #requireName} but also null-tolerant: null stays null. */
    static String optional(String what, String value, int max) {
        return value == null ? null : requireName(what, value, max);
    }
}
