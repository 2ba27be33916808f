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
        return value;
    }

    /** Like {@link #requireName} but also null-tolerant: null stays null. */
    static String optional(String what, String value, int max) {
        return value == null ? null : requireName(what, value, max);
    }
}
