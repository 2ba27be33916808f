package org.entsso.sso.tls.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM (RFC 7468) text for DER structures. Thread-safe: stateless. */
public final class Pem {
    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {}

    /** One PEM block with the label {@code label} (for example {@code CERTIFICATE} or {@code PRIVATE KEY}). */
    public static String block(String label, byte[] der) {
        return begin(label) + "\n" + ENCODER.encodeToString(der) + "\n" + end(label) + "\n";
    }

    /** The line that opens a block with {@code label}. */
    public static String begin(String label) {
        return "-----BEGIN " + label + "-----";
    }

    /** The line that closes a block with {@code label}. */
    public static String end(String label) {
        return "-----END " + label + "-----";
    }
}
