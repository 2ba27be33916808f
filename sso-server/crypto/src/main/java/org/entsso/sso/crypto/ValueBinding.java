package org.entsso.sso.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.entsso.sso.crypto.internal.ByteWriter;

/**
 * Where an encrypted value lives: its application, the mapping or config identifier within it, and the field ordinal.
 * It is authenticated as associated data with every value (DESIGN.md decision 4), so a ciphertext copied to another
 * row or field fails to decrypt instead of yielding a plausible secret. Names only, never secrets.
 *
 * <p>Immutable and thread-safe; the associated-data encoding is computed once here so the data path does not.
 */
public final class ValueBinding {
    private static final int MAX_NAME_BYTES = 0xFFFF;

    private final String application;
    private final String identifier;
    private final int fieldOrdinal;
    private final byte[] associatedData;

    private ValueBinding(String application, String identifier, int fieldOrdinal) {
        this.application = Objects.requireNonNull(application, "application");
        this.identifier = Objects.requireNonNull(identifier, "identifier");
        if (application.isEmpty()) {
            throw new IllegalArgumentException("the application name is empty");
        }
        if (fieldOrdinal < 0) {
            throw new IllegalArgumentException("the field ordinal is negative: " + fieldOrdinal);
        }
        this.fieldOrdinal = fieldOrdinal;
        byte[] app = utf8(application, "application name");
        byte[] id = utf8(identifier, "identifier");
        // Length-prefixed, so ("ab","c") and ("a","bc") never encode alike.
        this.associatedData = new ByteWriter(8 + app.length + id.length)
                .u16(app.length)
                .bytes(app)
                .u16(id.length)
                .bytes(id)
                .i32(fieldOrdinal)
                .toByteArray();
    }

    /**
     * The binding of field {@code fieldOrdinal} of the mapping or config entry {@code identifier} of
     * {@code application}. Use an empty identifier for an application's own config fields.
     */
    public static ValueBinding of(String application, String identifier, int fieldOrdinal) {
        return new ValueBinding(application, identifier, fieldOrdinal);
    }

    private static byte[] utf8(String text, String what) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("the " + what + " is longer than " + MAX_NAME_BYTES + " bytes");
        }
        return bytes;
    }

    public String application() {
        return application;
    }

    public String identifier() {
        return identifier;
    }

    public int fieldOrdinal() {
        return fieldOrdinal;
    }

    /** The associated-data bytes; shared, callers must not modify them. */
    byte[] associatedData() {
        return associatedData;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ValueBinding that
                && fieldOrdinal == that.fieldOrdinal
                && application.equals(that.application)
                && identifier.equals(that.identifier);
    }

    @Override
    public int hashCode() {
        return Objects.hash(application, identifier, fieldOrdinal);
    }

    @Override
    public String toString() {
        return "ValueBinding[" + application + "/" + identifier + "#" + fieldOrdinal + "]";
    }
}
