package org.entsso.sso.crypto;

/**
 * Argon2id cost parameters for a backup file password (RFC 9106). They are stored in each file, so a file written with
 * one setting is read with that setting whatever the reader's default. Immutable.
 *
 * @param memoryKiB memory per derivation in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
public record PasswordStretching(int memoryKiB, int iterations, int parallelism) {
    /** RFC 9106 §4, second recommended option: 64 MiB, 3 passes, 4 lanes. */
    public static final PasswordStretching RECOMMENDED = new PasswordStretching(64 * 1024, 3, 4);

    /** Upper bounds accepted from a file, so a forged header cannot make a restore allocate gigabytes. */
    static final int MAX_MEMORY_KIB = 1024 * 1024;

    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    /** Throws {@link IllegalArgumentException} when a parameter is outside what Argon2 and this module accept. */
    public PasswordStretching {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1.." + MAX_PARALLELISM);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2 memory must be 8 x parallelism.." + MAX_MEMORY_KIB + " KiB");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("Argon2 iterations must be 1.." + MAX_ITERATIONS);
        }
    }
}
