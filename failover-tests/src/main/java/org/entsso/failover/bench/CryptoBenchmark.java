package org.entsso.failover.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.PasswordStretching;
import org.entsso.sso.crypto.ValueBinding;
import org.entsso.sso.crypto.ValueCipher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Value encryption through {@link ValueCipher} against raw JDK AES-256-GCM in the same run, plus one backup file
 * write and read (issue 3, "Figures for the closing note"). The raw baseline does what any caller of the JDK must: a
 * per-thread {@link Cipher}, a fresh 96-bit nonce per encryption, {@code init} + AAD + {@code doFinal}, with associated
 * data as long as ours. The goal is our decrypt at 80% or more of raw.
 *
 * <p>Not part of the test suite. Build and run:
 *
 * <pre>
 *   mvn -B -q -DskipTests package -pl failover-tests -am
 *   java -jar failover-tests/target/benchmarks.jar CryptoBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s
 *   # decrypt only, three forks, for a steadier ratio:
 *   java -jar failover-tests/target/benchmarks.jar 'CryptoBenchmark.(decrypt|pairedDecrypt)' -f 3 -wi 3 -i 5 -w 1s -r 2s
 * </pre>
 *
 * <p>Figures from the first runs are in {@code sso-server/docs/crypto.md}.
 */
public class CryptoBenchmark {

    /** The value path: one keyring, one binding, one plaintext per size. */
    @State(Scope.Thread)
    public static class Values {
        @Param({"128", "4096"})
        int size;

        Keyring keyring;
        ValueCipher ours;
        ValueBinding binding;
        byte[] plaintext;
        byte[] ourValue;

        SecretKeySpec rawKey;
        Cipher rawCipher;
        SecureRandom rawNonces;
        byte[] rawAad;
        byte[] rawNonce;
        byte[] rawCiphertext;

        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException {
            SecureRandom random = new SecureRandom();
            plaintext = new byte[size];
            random.nextBytes(plaintext);
            keyring = Keyring.generate();
            ours = new ValueCipher(keyring);
            binding = ValueBinding.of("SAP-Production", "CONTOSO\\biztalk-host", 1);
            ourValue = ours.encrypt(plaintext, binding);

            byte[] key = new byte[32];
            random.nextBytes(key);
            rawKey = new SecretKeySpec(key, "AES");
            rawCipher = Cipher.getInstance("AES/GCM/NoPadding");
            rawNonces = new SecureRandom();
            // Same associated-data length as ours: 17-byte header + the binding's encoding.
            rawAad = ("SAP-Production|CONTOSO\\biztalk-host|1|header-17-bytes..").getBytes(StandardCharsets.UTF_8);
            rawNonce = new byte[12];
            rawNonces.nextBytes(rawNonce);
            rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
            rawCipher.updateAAD(rawAad);
            rawCiphertext = rawCipher.doFinal(plaintext);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            keyring.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] decryptOurs(Values state) {
        return state.ours.decrypt(state.ourValue, state.binding);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] decryptRawJdk(Values state) throws GeneralSecurityException {
        Cipher cipher = state.rawCipher;
        cipher.init(Cipher.DECRYPT_MODE, state.rawKey, new GCMParameterSpec(128, state.rawNonce));
        cipher.updateAAD(state.rawAad);
        return cipher.doFinal(state.rawCiphertext);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] encryptOurs(Values state) {
        return state.ours.encrypt(state.plaintext, state.binding);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] encryptRawJdk(Values state) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        state.rawNonces.nextBytes(nonce);
        Cipher cipher = state.rawCipher;
        cipher.init(Cipher.ENCRYPT_MODE, state.rawKey, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(state.rawAad);
        return cipher.doFinal(state.plaintext);
    }

    /*
     * The same two decrypts again, run side by side in one JMH group (one thread each, same moment, same machine load).
     * On a shared build machine the sequential figures above drift with other processes' load; in a group both
     * sides see the same load, so their ratio is the steadier comparison.
     */
    @Benchmark
    @Group("pairedDecrypt")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] pairedDecryptOurs(Values state) {
        return decryptOurs(state);
    }

    @Benchmark
    @Group("pairedDecrypt")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] pairedDecryptRawJdk(Values state) throws GeneralSecurityException {
        return decryptRawJdk(state);
    }

    /** One backup file with the production Argon2id parameters (64 MiB, 3 passes, 4 lanes). */
    @State(Scope.Benchmark)
    public static class Backup {
        Keyring keyring;
        BackupFile backup;
        Path folder;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            keyring = Keyring.generate().rotate();
            backup = new BackupFile(PasswordStretching.RECOMMENDED);
            folder = Files.createTempDirectory("entsso-bench");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            keyring.close();
            try {
                Files.deleteIfExists(folder.resolve("SSO.bak"));
                Files.deleteIfExists(folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Keyring backupWriteThenRead(Backup state) {
        Path file = state.folder.resolve("SSO.bak");
        state.backup.write(file, state.keyring, "benchmark password 1".toCharArray(), "the usual");
        Keyring restored = state.backup.read(file, "benchmark password 1".toCharArray());
        restored.close();
        return restored;
    }
}
