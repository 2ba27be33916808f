package org.entsso.sso;

import java.util.Objects;

/**
 * The base of every exception the SSO server raises to a caller: it carries an ENTSSO event id and a sentence an
 * operator can act on. Messages never contain secrets (DESIGN.md decision 12).
 */
public class SsoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SsoError error;
    private final String sentence;

    public SsoException(SsoError error, String detail) {
        this(Objects.requireNonNull(error, "error").format(detail), error, null);
    }

    public SsoException(SsoError error, String detail, Throwable cause) {
        this(Objects.requireNonNull(error, "error").format(detail), error, cause);
    }

    private SsoException(String sentence, SsoError error, Throwable cause) {
        super("[" + error.code() + "] " + sentence, cause);
        this.error = error;
        this.sentence = sentence;
    }

    /**
     * The error another node answered with ({@code {"code", "message"}}), rebuilt with its sentence as sent rather
     * than formatted into this error's template a second time.
     */
    public static SsoException relayed(SsoError error, String sentence) {
        return new SsoException(
                Objects.requireNonNull(sentence, "sentence"), Objects.requireNonNull(error, "error"), null);
    }

    /** The ENTSSO-style error this exception reports. */
    public SsoError error() {
        return error;
    }

    /** The message without its {@code [code]} prefix: what an error body's {@code "message"} carries. */
    public String sentence() {
        return sentence;
    }

    /** The ENTSSO event id, e.g. 10783. */
    public int code() {
        return error.code();
    }
}
