package org.entsso.failover.bench;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.entsso.sso.api.NodeStatusSource;
import org.entsso.sso.api.SsoApi;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.KeyringEncoding;
import org.entsso.sso.crypto.NodeRole;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.server.CacheStats;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.EncryptingWrites;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringStatus;
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.server.ValueBindings;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.TlsMaterial;
import org.entsso.sso.transport.TlsSettings;

/**
 * HTTPS lookups against one SSO server on loopback, open loop (issue 10): requests are sent at a fixed arrival rate by
 * a scheduler, whatever the answers do, and each latency is measured from its intended send time (so a stall counts
 * against every request it delays: no coordinated omission), into an HdrHistogram. Keep-alive connections from several
 * HTTP/1.1 clients. The same server also serves a no-op endpoint on the lookups pool, measured the same way in the same
 * run, so the figure for the lookup path can be read against the server's own floor.
 *
 * <p>First each endpoint's maximum sustained rate: rates rise in steps until the answered rate falls under 95% of the
 * offered one or p99 passes 100 ms. Then each endpoint at half of its maximum for the measured run.
 *
 * <p>Usage: {@code LookupBenchmark [stepSeconds=4] [measureSeconds=10] [clients=8]}. The server and the load
 * generator share this JVM and the machine's cores: on a small machine the client is part of what is measured.
 */
public final class LookupBenchmark {
    private static final String NOOP = "/v1/bench/noop";
    private static final String ALICE = "CONTOSO\\alice";

    private LookupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int stepSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int measureSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path dir = Files.createTempDirectory("entsso-lookup-bench");
        try (Server server = new Server(dir)) {
            List<HttpClient> http = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                http.add(server.client());
            }
            URI lookup = server.endpoint().resolve("/v1/applications/Bench/credentials");
            URI noop = server.endpoint().resolve(NOOP);
            // Warm-up: JIT, connections, the credential cache.
            run(http, lookup, 500, 5);
            run(http, noop, 500, 3);
            System.out.printf(
                    Locale.ROOT,
                    "%-8s %10s %10s %10s %10s%n",
                    "endpoint",
                    "offered/s",
                    "answered/s",
                    "p99 ms",
                    "failed");
            int lookupMax = maximum("lookup", http, lookup, stepSeconds);
            int noopMax = maximum("no-op", http, noop, stepSeconds);
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "%-8s %10s %10s %10s %10s %10s %8s%n",
                    "endpoint",
                    "max/s",
                    "at/s",
                    "p50 ms",
                    "p99 ms",
                    "p99.9 ms",
                    "failed");
            if (lookupMax == 0 || noopMax == 0) {
                System.out.println("no step was sustained; nothing to measure at half of it");
                return;
            }
            report("lookup", lookupMax, run(http, lookup, lookupMax / 2, measureSeconds));
            report("no-op", noopMax, run(http, noop, noopMax / 2, measureSeconds));
            System.out.printf(Locale.ROOT, "lookup maximum / no-op maximum: %.0f%%%n", 100.0 * lookupMax / noopMax);
            CacheStats cache = server.cacheStats();
            System.out.printf(
                    Locale.ROOT,
                    "credential cache over the whole run: %d hits, %d misses%n",
                    cache.hits(),
                    cache.misses());
        }
    }

    private static int maximum(String name, List<HttpClient> http, URI uri, int seconds) throws InterruptedException {
        int best = 0;
        TimeUnit.SECONDS.sleep(2); // after the previous endpoint's overloaded last step
        for (int rate = 250; rate <= 64_000; rate = rate * 3 / 2) {
            Result r = run(http, uri, rate, seconds);
            double answered = r.answered / (double) seconds;
            double p99 = r.histogram.getValueAtPercentile(99) / 1e6;
            System.out.printf(Locale.ROOT, "%-8s %10d %10.0f %10.2f %10d%n", name, rate, answered, p99, r.failed);
            if (answered < 0.95 * rate || p99 > 100 || r.failed > 0) {
                break;
            }
            best = rate;
            TimeUnit.SECONDS.sleep(1); // let queues and the collector settle between steps
        }
        return best;
    }

    private static void report(String name, int max, Result r) {
        Histogram h = r.histogram;
        System.out.printf(
                Locale.ROOT,
                "%-8s %10d %10d %10.3f %10.3f %10.3f %8d%n",
                name,
                max,
                max / 2,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                r.failed);
    }

    private record Result(Histogram histogram, long answered, long failed) {}

    /**
     * Offers {@code rate} requests a second for {@code seconds}, spread round robin over the clients; waits for the
     * answers. Each client is one thread that sends with the blocking {@code HttpClient.send} on its own kept-alive
     * connection, fed by a queue: a request that waits for its client counts that wait in its latency (measured from
     * the intended send time). Not {@code sendAsync}: on a machine with fewer than three cores the JDK client
     * completes every asynchronous answer on a new thread (CompletableFuture's default executor when the common pool
     * has parallelism 1), which costs the load generator more than the server, and lets the client open a new TLS
     * connection for every request that finds all connections busy.
     */
    private static Result run(List<HttpClient> http, URI uri, int rate, int seconds) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        long total = (long) rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 20_000_000L;
        List<ExecutorService> senders = new ArrayList<>();
        for (int c = 0; c < http.size(); c++) {
            senders.add(Executors.newSingleThreadExecutor());
        }
        try {
            for (long i = 0; i < total; i++) {
                long intended = start + i * intervalNanos;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (outstanding.get() > 20_000) { // the server fell far behind: count the rest as failed
                    failed.addAndGet(total - i);
                    break;
                }
                outstanding.incrementAndGet();
                HttpClient client = http.get((int) (i % http.size()));
                senders.get((int) (i % http.size())).execute(() -> {
                    try {
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() == 200) {
                            answered.incrementAndGet();
                            recorder.recordValue(Math.max(1, System.nanoTime() - intended));
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failed.incrementAndGet();
                    } catch (java.io.IOException e) {
                        failed.incrementAndGet();
                    } finally {
                        outstanding.decrementAndGet();
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (outstanding.get() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } finally {
            senders.forEach(ExecutorService::shutdownNow);
        }
        return new Result(recorder.getIntervalHistogram(), answered.get(), failed.get());
    }

    /** One SSO server's API over an H2 file database with one application, mapping and credential. */
    private static final class Server implements AutoCloseable {
        private final ClusterCa ca = ClusterCa.create("bench");
        private final SsoStore store;
        private final KeyringHolder keyrings;
        private final CredentialLookupService lookups;
        private final MutualTlsServer https;

        Server(Path dir) {
            Clock clock = Clock.systemUTC();
            store = SsoStore.open(
                    StoreConfig.builder(H2Urls.file(dir.resolve("sso"))).build());
            Keyring keyring = Keyring.generate();
            store.takeOver(1, "bench");
            store.asMasterSecretServer(1, Idempotency.IDEMPOTENT, (StoreSession s) -> {
                s.secrets().register(keyring.current().msid());
                return s.globalInfo().setCurrentMsid(keyring.current().msid());
            });
            WindowsAccount alice = new WindowsAccount("CONTOSO", "alice");
            store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
                AffiliateApplication app = s.applications()
                        .create(new ApplicationSpec(
                                "Bench", "benchmark", null, "CONTOSO\\Bench Users", "CONTOSO\\Bench Admins", 0x4, 2));
                s.applications().updateFlags(app.name(), 0x2, 0x2);
                Mapping mapping = s.mappings().create(app.name(), alice, "alice-ext");
                byte[] sealed = new ValueCipher(keyring)
                        .encrypt(
                                "pw-benchmark".getBytes(StandardCharsets.UTF_8),
                                ValueBindings.credential(app.id(), mapping.id(), 1));
                s.credentials()
                        .put(
                                mapping.id(),
                                1,
                                new EncryptedValue(sealed, keyring.current().msid()));
                s.mappings().setEnabled(app.name(), alice, true, "bench");
                s.groups().add(ALICE, "CONTOSO\\Bench Users");
                return null;
            });
            byte[] encoded = KeyringEncoding.encode(keyring);
            keyrings = new KeyringHolder("ENTSSO", clock);
            keyrings.install(KeyringEncoding.decode(encoded), 1);
            java.util.Arrays.fill(encoded, (byte) 0);
            lookups = new CredentialLookupService(store, keyrings, LookupSettings.defaults(), clock);
            lookups.start();
            TlsMaterial node = TlsMaterial.of(
                    ca.issueNode("node1", "127.0.0.1", Set.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER)),
                    ca.certificate());
            https = new MutualTlsServer(new TlsSettings("127.0.0.1", 0, node))
                    .route(NOOP, SsoApi.LOOKUPS, (exchange, caller) -> {
                        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                        exchange.send(200, body, body.length);
                    });
            new SsoApi(store, lookups, new NoWrites(), new Status(keyrings), clock).mountOn(https);
            https.start();
        }

        URI endpoint() {
            return https.endpoint();
        }

        CacheStats cacheStats() {
            return lookups.cacheStats();
        }

        HttpClient client() {
            SSLParameters tls = new SSLParameters();
            tls.setProtocols(new String[] {TlsMaterial.PROTOCOL});
            return HttpClient.newBuilder()
                    .sslContext(TlsMaterial.of(ca.issueClient(ALICE), ca.certificate())
                            .clientContext(NodeRole.MASTER_SECRET_SERVER))
                    .sslParameters(tls)
                    .version(HttpClient.Version.HTTP_1_1)
                    .proxy(ProxySelector.of(null))
                    .build();
        }

        @Override
        public void close() {
            https.close();
            lookups.close();
            keyrings.close();
            store.close();
        }
    }

    /** The benchmark only reads. */
    private static final class NoWrites implements EncryptingWrites {
        @Override
        public void setCredentials(
                String caller,
                UUID requestId,
                String application,
                WindowsAccount account,
                SortedMap<Integer, byte[]> fields) {
            throw new UnsupportedOperationException("read-only benchmark");
        }

        @Override
        public void setConfigInfo(
                String caller, UUID requestId, String application, String identifier, Map<String, String> props) {
            throw new UnsupportedOperationException("read-only benchmark");
        }
    }

    /** A standby SSO server holding its keyring. */
    private record Status(KeyringHolder keyrings) implements NodeStatusSource {
        @Override
        public String nodeName() {
            return "node1";
        }

        @Override
        public Set<NodeRole> roles() {
            return Set.of(NodeRole.SSO_SERVER);
        }

        @Override
        public boolean activeMasterSecretServer() {
            return false;
        }

        @Override
        public MasterSecretServer masterSecretServer() {
            return new MasterSecretServer("ENTSSO", Optional.empty(), OptionalLong.empty(), false);
        }

        @Override
        public Optional<KeyringStatus> keyring() {
            return keyrings.status();
        }

        @Override
        public Optional<java.time.Instant> lastKeyringRefresh() {
            return Optional.empty();
        }

        @Override
        public Optional<String> lastKeyringError() {
            return Optional.empty();
        }
    }
}
