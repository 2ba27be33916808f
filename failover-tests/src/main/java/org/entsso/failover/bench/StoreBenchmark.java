package org.entsso.failover.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.ReencryptionBatch;
import org.entsso.sso.store.ReencryptionCursor;
import org.entsso.sso.store.ReencryptionStatus;
import org.entsso.sso.store.Replacement;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.store.WindowsAccount;

/**
 * Store figures on embedded H2 (a file database in a temporary folder):
 *
 * <ol>
 *   <li>mapping lookups per second by the primary lookup path (application name + Windows account, one read
 *       transaction each), alone and together with the mapping's encrypted credential fields;
 *   <li>re-encryption batch throughput in rows per second: the store's part only. Rows under the old MSID are read in
 *       batches with the resumable cursor and written back with a replaced value and the new MSID, each batch in one
 *       fenced transaction that also records the cursor. The "cipher" is a byte transform stand-in (the real AES-GCM
 *       code is not part of the store).
 * </ol>
 *
 * <p>Run: {@code java -cp failover-tests/target/benchmarks.jar org.entsso.failover.bench.StoreBenchmark
 * [mappings=10000] [configItems=2000] [seconds=10] [threads=2] [batch=500] [url=jdbc:h2:...]}.
 */
public final class StoreBenchmark {
    private static final int APPS = 10;
    private static final int VALUE_BYTES = 128;

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int mappings = intArg(args, "mappings", 10_000);
        int configItems = intArg(args, "configItems", 2_000);
        int seconds = intArg(args, "seconds", 10);
        int threads = intArg(args, "threads", 2);
        int batch = intArg(args, "batch", 500);
        Path dir = Files.createTempDirectory("sso-bench");
        UUID oldMsid = UUID.randomUUID();
        String url = stringArg(args, "url", H2Urls.file(dir.resolve("sso")));
        try (SsoStore store = SsoStore.open(StoreConfig.builder(url)
                .maxPoolSize(Math.max(2, threads + 1))
                .poolName("bench")
                .build())) {
            long loadStart = System.nanoTime();
            load(store, mappings, configItems, oldMsid);
            System.out.printf(
                    Locale.ROOT,
                    "loaded %d mappings (%d credential rows) and %d config items in %.1f s%n",
                    mappings,
                    mappings * 2,
                    configItems,
                    (System.nanoTime() - loadStart) / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "%s%n%d reader thread(s), %d s per figure, %d cores, load average %.1f%n",
                    url,
                    threads,
                    seconds,
                    Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            int perApp = mappings / APPS;
            lookups(store, threads, 2, perApp, false); // warm-up
            lookups(store, threads, 2, perApp, true);
            report("mapping lookups/s (primary path, mapping only)", lookups(store, threads, seconds, perApp, false));
            report(
                    "mapping+credential lookups/s (mapping then its 2 fields)",
                    lookups(store, threads, seconds, perApp, true));
            reencrypt(store, oldMsid, batch);
        }
    }

    private static void load(SsoStore store, int mappings, int configItems, UUID msid) {
        int perApp = mappings / APPS;
        for (int a = 0; a < APPS; a++) {
            String app = "App" + a;
            store.inTransaction(
                    Idempotency.NOT_IDEMPOTENT,
                    s -> s.applications().create(new ApplicationSpec(app, null, null, "Users", "Admins", 0x4, 3)));
            for (int from = 0; from < perApp; from += 500) {
                int start = from;
                store.inTransaction(Idempotency.NOT_IDEMPOTENT, s -> {
                    for (int u = start; u < Math.min(start + 500, perApp); u++) {
                        Mapping m = s.mappings().create(app, account(u), "ext" + u);
                        s.credentials().put(m.id(), 1, randomValue(msid));
                        s.credentials().put(m.id(), 2, randomValue(msid));
                    }
                    return null;
                });
            }
        }
        store.inTransaction(Idempotency.NOT_IDEMPOTENT, s -> {
            for (int i = 0; i < configItems; i++) {
                s.configItems().put("App" + (i % APPS), UUID.randomUUID().toString(), randomValue(msid));
            }
            return null;
        });
    }

    private static double lookups(SsoStore store, int threads, int seconds, int perApp, boolean withCredentials)
            throws InterruptedException {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    String app = "app" + random.nextInt(APPS); // any case: the path is case-insensitive
                    WindowsAccount account = account(random.nextInt(perApp));
                    int found = store.read(s -> {
                        Mapping m = s.mappings().find(app, account).orElseThrow();
                        return withCredentials
                                ? s.credentials().forMapping(m.id()).size()
                                : 1;
                    });
                    if (found == 0) {
                        throw new IllegalStateException("lookup found nothing");
                    }
                    done.increment();
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return done.sum() / (double) seconds;
    }

    private static void reencrypt(SsoStore store, UUID oldMsid, int batchSize) {
        UUID newMsid = UUID.randomUUID();
        long epoch = store.read(s -> s.globalInfo().get().masterSecretServerEpoch()) + 1;
        store.takeOver(epoch, "bench");
        long total = store.read(s -> s.reencryption().count(oldMsid));
        ReencryptionCursor cursor = ReencryptionCursor.start();
        long rows = 0;
        int batches = 0;
        long start = System.nanoTime();
        boolean exhausted = false;
        while (!exhausted) {
            ReencryptionCursor from = cursor;
            ReencryptionBatch batch = store.asMasterSecretServer(epoch, Idempotency.IDEMPOTENT, s -> {
                ReencryptionBatch b = s.reencryption().nextBatch(oldMsid, from, batchSize);
                s.reencryption()
                        .replaceAll(b.rows().stream()
                                .map(row -> new Replacement(
                                        row,
                                        new EncryptedValue(transform(row.value().ciphertext()), newMsid)))
                                .toList());
                s.globalInfo().setReencryption(ReencryptionStatus.running(oldMsid, b.next()));
                return b;
            });
            rows += batch.rows().size();
            batches++;
            cursor = batch.next();
            exhausted = batch.exhausted();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long left = store.read(s -> s.reencryption().count(oldMsid));
        System.out.printf(
                Locale.ROOT,
                "re-encryption (store part, byte-transform stand-in for AES-GCM): %d of %d rows in %d batches of"
                        + " <=%d in %.2f s = %.0f rows/s; rows left under old MSID: %d%n",
                rows,
                total,
                batches,
                batchSize,
                elapsed,
                rows / elapsed,
                left);
    }

    /** Stand-in for decrypt-then-encrypt: a same-length byte transform. */
    private static byte[] transform(byte[] value) {
        byte[] out = new byte[value.length];
        for (int i = 0; i < value.length; i++) {
            out[i] = (byte) (value[value.length - 1 - i] ^ 0x5A);
        }
        return out;
    }

    private static WindowsAccount account(int u) {
        return new WindowsAccount("CONTOSO", "user" + u);
    }

    private static EncryptedValue randomValue(UUID msid) {
        byte[] bytes = new byte[VALUE_BYTES];
        ThreadLocalRandom.current().nextBytes(bytes);
        return new EncryptedValue(bytes, msid);
    }

    private static void report(String what, double perSecond) {
        System.out.printf(Locale.ROOT, "%s: %.0f%n", what, perSecond);
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, String.valueOf(fallback)));
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
