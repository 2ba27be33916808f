package org.entsso.sso.crypto.internal;

/**
 * A binary structure did not parse: too short, a length out of range, an unknown version. Callers translate it into
 * the {@code SsoException} that fits their format (backup file, checkpoint, ticket). The message names the field,
 * never its content.
 */
public final class FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
        super(message);
    }
}
