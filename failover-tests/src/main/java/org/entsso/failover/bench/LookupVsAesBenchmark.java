package org.entsso.failover.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.entsso.sso.crypto.ValueBinding;
import org.entsso.sso.server.CacheStats;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.Credentials;
import org.entsso.sso.server.LookupOption;
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.server.SecretBytes;
import org.entsso.sso.server.ValueBindings;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.WindowsAccount;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 10: an in-process cached credential lookup against raw JDK AES-256-GCM decryption of a value of the same
 * plaintext length with the same associated-data length; the goal is the lookup at 50% or more of raw.
 *
 * <p>The lookup side is what {@link LookupBenchmark} serves minus HTTPS ({@link LookupFixture}: H2 file database, one
 * application, one mapping with one field encrypted by {@code ValueCipher}, the keyring installed in a
 * {@code KeyringHolder}, a started {@link CredentialLookupService}), warmed with one lookup so that every measured call
 * is a cache hit: {@code getCredentials(caller, application, account, no options)}, then each field read and zeroed
 * and the copy cleared, as {@code CredentialsEndpoint} does. The raw side is {@link CryptoBenchmark}'s baseline: a
 * per-thread {@link Cipher}, {@code init} + {@code updateAAD} + {@code doFinal}. {@code paired} runs both at the same
 * moment, one thread each, so both see the same machine load (the ratio to trust on a shared machine). The trial's
 * tear-down prints the cache counters of the run, to show the lookups were hits.
 *
 * <pre>
 *   mvn -B -q -o -DskipTests install
 *   java -jar failover-tests/target/benchmarks.jar LookupVsAesBenchmark -f 3 -wi 3 -i 5 -w 2s -r 2s
 * </pre>
 */
public class LookupVsAesBenchmark {
    private static final String CALLER = "CONTOSO\\alice";
    private static final WindowsAccount ALICE = new WindowsAccount("CONTOSO", "alice");
    private static final String PASSWORD = "pw-benchmark";
    private static final Set<LookupOption> NO_OPTIONS = Set.of();
    /** {@code ValueCipher}'s associated data starts with the value's 17-byte header (version and MSID). */
    private static final int HEADER_AAD_BYTES = 17;

    /** One SSO server's lookup path with one cached credential. */
    @State(Scope.Benchmark)
    public static class Server {
        LookupFixture fixture;
        CredentialLookupService lookups;
        CacheStats before;
        /** The associated-data length of the looked-up value, for the raw side. */
        int aadBytes;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            fixture = new LookupFixture("entsso-lookup-vs-aes");
            fixture.addToGroup(CALLER, LookupFixture.USERS);
            Mapping mapping = fixture.map(ALICE, "alice-ext", PASSWORD);
            ValueBinding binding = ValueBindings.credential(fixture.applicationId(), mapping.id(), 1);
            // ValueBinding's encoding: u16 length + application, u16 length + identifier, i32 ordinal.
            aadBytes = HEADER_AAD_BYTES
                    + 2
                    + binding.application().getBytes(StandardCharsets.UTF_8).length
                    + 2
                    + binding.identifier().getBytes(StandardCharsets.UTF_8).length
                    + 4;
            lookups = fixture.startLookups(LookupSettings.defaults());
            lookups.getCredentials(CALLER, LookupFixture.APPLICATION, ALICE, NO_OPTIONS)
                    .clear(); // the miss that fills the cache
            before = lookups.cacheStats();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            CacheStats after = lookups.cacheStats();
            long hits = after.hits() - before.hits();
            long misses = after.misses() - before.misses();
            if (hits + misses > 0) { // decryptRawJdk sets this state up only for the associated-data length
                System.out.printf(
                        Locale.ROOT,
                        "%ncredential cache during the trial (warm-up and measurement): %,d hits, %,d misses (%d entry, %d"
                                + " evictions)%n",
                        hits,
                        misses,
                        after.size(),
                        after.evictions());
            }
            fixture.close();
        }
    }

    /** Raw JDK AES-256-GCM: a per-thread cipher and a value of the lookup's plaintext and associated-data lengths. */
    @State(Scope.Thread)
    public static class Raw {
        SecretKeySpec key;
        Cipher cipher;
        byte[] aad;
        byte[] nonce;
        byte[] ciphertext;

        @Setup(Level.Trial)
        public void setUp(Server server) throws GeneralSecurityException {
            SecureRandom random = new SecureRandom();
            byte[] keyBytes = new byte[32];
            random.nextBytes(keyBytes);
            key = new SecretKeySpec(keyBytes, "AES");
            aad = new byte[server.aadBytes];
            random.nextBytes(aad);
            nonce = new byte[12];
            random.nextBytes(nonce);
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad);
            ciphertext = cipher.doFinal(PASSWORD.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void lookupCached(Server server, Blackhole bh) {
        Credentials credentials = server.lookups.getCredentials(CALLER, LookupFixture.APPLICATION, ALICE, NO_OPTIONS);
        try {
            for (Map.Entry<Integer, SecretBytes> field : credentials.fields().entrySet()) {
                byte[] value = field.getValue().bytes();
                bh.consume(value);
                Arrays.fill(value, (byte) 0);
            }
        } finally {
            credentials.clear();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] decryptRawJdk(Raw raw) throws GeneralSecurityException {
        Cipher cipher = raw.cipher;
        cipher.init(Cipher.DECRYPT_MODE, raw.key, new GCMParameterSpec(128, raw.nonce));
        cipher.updateAAD(raw.aad);
        return cipher.doFinal(raw.ciphertext);
    }

    /*
     * The two again, side by side in one JMH group (one thread each, same moment), as CryptoBenchmark's pairedDecrypt:
     * on a shared machine the sequential figures drift with other processes' load; in a group both see the same load.
     */
    @Benchmark
    @Group("paired")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void pairedLookupCached(Server server, Blackhole bh) {
        lookupCached(server, bh);
    }

    @Benchmark
    @Group("paired")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] pairedDecryptRawJdk(Raw raw) throws GeneralSecurityException {
        return decryptRawJdk(raw);
    }
}
