package org.entsso.sso.crypto.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106, version 0x13) from Bouncy Castle's lightweight API. Thread-safe: stateless.
 */
public final class Argon2 {
    private Argon2() {}

    /**
     * Stretches {@code password} into {@code outputBytes} bytes. The UTF-8 copy of the password is wiped before
     * returning; the caller's array is left alone.
     */
    public static byte[] derive(
            char[] password, byte[] salt, int memoryKiB, int iterations, int parallelism, int outputBytes) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] secret = utf8(password);
        try {
            byte[] out = new byte[outputBytes];
            generator.generateBytes(secret, out);
            return out;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** UTF-8 encoding of a password without creating a {@code String}; the caller wipes the result. */
    public static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }
}
