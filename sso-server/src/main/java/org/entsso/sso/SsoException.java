package org.entsso.sso;

import java.util.Objects;

/**
 * The base of every exception the SSO server raises to a caller: it carries an ENTSSO event id and a sentence an
 * operator can act on. Messages never contain secrets (DESIGN.md decision 12).
 */
public class SsoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SsoError error;

    public SsoException(SsoError error, String detail) {
        super(format(error, detail));
        this.error = error;
    }

    public SsoException(SsoError error, String detail, Throwable cause) {
        super(format(error, detail), cause);
        this.error = error;
    }

    private static String format(SsoError error, String detail) {
        Objects.requireNonNull(error, "error");
        return "[" + error.code() + "] " + error.format(detail);
    }

    /** The ENTSSO-style error this exception reports. */
    public SsoError error() {
        return error;
    }

    /** The ENTSSO event id, e.g. 10783. */
    public int code() {
        return error.code();
    }
}
