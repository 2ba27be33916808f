package org.entsso.failover.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.entsso.sso.server.CacheStats;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.store.WindowsAccount;

/**
 * HTTPS lookups with many mappings and a credential cache that cannot hold them all (issue 10): {@code mappings}
 * enabled mappings of one application (default 1,000,000, seeded with {@link MappingSeeder}, one encrypted field each),
 * a cache of at most {@code cacheMax} entries (default 100,000), and the open-loop load of {@link LookupBenchmark}
 * ({@link OpenLoopLoad}). Every request is a ValidateAndRedeemTicket ({@code POST .../tickets/redeem}) of a ticket the
 * account issued (minted with the fixture's master secret, as an SSO server seals one), from one application
 * administrator (a member of {@value LookupFixture#ADMINS}), so one client certificate reaches every account: what a
 * BizTalk host does per message. Nobody reads another account's credentials without its ticket.
 *
 * <p>Hits and misses are measured in separate phases, each at the same fixed open-loop {@code rate} for
 * {@code measureSeconds}, with the cache counters the phase moved, to show what it was:
 *
 * <ol>
 *   <li><b>hit</b>: accounts drawn uniformly from a hot set of {@code hot} accounts (default 50,000, half the cache),
 *       all looked up once in-process before, so that they are cached;
 *   <li><b>miss</b>: each request a different account never looked up before (a database read of the mapping and its
 *       field, the administrator's groups, decryption and an audit row, then a cache insert);
 *   <li><b>mixed</b>: accounts drawn uniformly from all mappings, so the hit ratio is what a cache of this size gives
 *       over uniform traffic (about {@code cacheMax / mappings} once it is full): its maximum sustained rate (from
 *       {@code firstRate}, rising by half per {@code stepSeconds} step until under 95% is answered or p99 passes
 *       100 ms), then a measured run at half of it.
 * </ol>
 *
 * <p>Usage: {@code LookupScaleBenchmark [mappings=1000000] [cacheMax=100000] [hot=50000] [rate=100] [firstRate=25]
 * [stepSeconds=4] [measureSeconds=10] [clients=8]}. The database files take about 1.2 GB in a temporary folder,
 * deleted at the end; the heap needed is printed at the end ({@code -Xmx2g} was enough for the defaults).
 */
public final class LookupScaleBenchmark {
    private static final String ADMIN = "CONTOSO\\benchadmin";

    private LookupScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        try (LookupFixture fixture = new LookupFixture("entsso-lookup-scale")) {
            fixture.addToGroup(ADMIN, LookupFixture.ADMINS);
            long seedStart = System.nanoTime();
            long seedCpu = processCpuNanos();
            fixture.seed(settings.mappings);
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "seeded %,d mappings (one encrypted field each) in %.1f s (%,.0f mappings/s, %.1f s process CPU);"
                            + " database files %,.1f MB; heap used %,d MB of %,d MB; load average %.2f%n",
                    settings.mappings,
                    seedSeconds,
                    settings.mappings / seedSeconds,
                    (processCpuNanos() - seedCpu) / 1e9,
                    fixture.databaseBytes() / 1e6,
                    usedHeapMegabytes(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    loadAverage());
            CredentialLookupService lookups =
                    fixture.startLookups(LookupSettings.defaults().withCredentialCacheMaxEntries(settings.cacheMax));
            warmHotSet(lookups, settings.hot);
            try (LookupServer server = new LookupServer(fixture)) {
                new Phases(fixture, server, lookups, settings).run();
            }
            long used = usedHeapMegabytes();
            System.gc(); // what the cache and H2 hold, without the garbage: the heap this run needs
            System.out.printf(
                    Locale.ROOT,
                    "database files at the end %,.1f MB; heap used %,d MB, %,d MB live after a full GC, peak %,d MB%n",
                    fixture.databaseBytes() / 1e6,
                    used,
                    usedHeapMegabytes(),
                    peakHeapMegabytes());
        }
    }

    /** Looks up every hot account once in-process, as the administrator, so that the hit phase finds it cached. */
    private static void warmHotSet(CredentialLookupService lookups, int hot) {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        for (int i = 0; i < hot; i++) {
            lookups.getCredentials(ADMIN, LookupFixture.APPLICATION, MappingSeeder.account(i), Set.of())
                    .clear();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMs = (processCpuNanos() - cpuStart) / 1e6;
        CacheStats stats = lookups.cacheStats();
        System.out.printf(
                Locale.ROOT,
                "hot set: %,d accounts looked up in-process in %.1f s (%,.0f misses/s, no HTTPS, %.2f ms process CPU"
                        + " each); cache %,d entries, %,d evictions; load average %.2f%n",
                hot,
                seconds,
                hot / seconds,
                cpuMs / hot,
                stats.size(),
                stats.evictions(),
                loadAverage());
    }

    /** The measured phases over one server; prints the step lines, then one summary line per measured run. */
    private static final class Phases {
        private final LookupFixture fixture;
        private final LookupServer server;
        private final CredentialLookupService lookups;
        private final Settings settings;
        private final OpenLoopLoad load;
        private final AtomicInteger nextCold;
        private final List<String> summary = new ArrayList<>();
        private volatile boolean coldKeysReused; // set on the clients' threads

        Phases(LookupFixture fixture, LookupServer server, CredentialLookupService lookups, Settings settings) {
            this.fixture = fixture;
            this.server = server;
            this.lookups = lookups;
            this.settings = settings;
            this.nextCold = new AtomicInteger(settings.hot);
            List<HttpClient> http = new ArrayList<>();
            for (int i = 0; i < settings.clients; i++) {
                http.add(server.client(ADMIN));
            }
            this.load = new OpenLoopLoad(http);
        }

        void run() throws InterruptedException {
            LongFunction<HttpRequest> hit =
                    i -> lookup(ThreadLocalRandom.current().nextInt(settings.hot));
            LongFunction<HttpRequest> miss = i -> lookup(coldAccount());
            LongFunction<HttpRequest> mixed =
                    i -> lookup(ThreadLocalRandom.current().nextInt(settings.mappings));
            // Warm-up: JIT and connections on both paths (its misses use up accounts outside the hot set).
            load.run(hit, settings.rate, 5);
            load.run(miss, settings.rate, 3);
            measure("hit", "-", settings.rate, hit);
            measure("miss", "-", settings.rate, miss);
            OpenLoopLoad.printStepHeader();
            int mixedMax = load.maximum("mixed", mixed, settings.firstRate, settings.stepSeconds);
            if (mixedMax > 0) {
                measure("mixed", Integer.toString(mixedMax), mixedMax / 2, mixed);
            } else {
                summary.add(String.format(
                        Locale.ROOT, "%-6s %7s no step from %d/s was sustained", "mixed", "0", settings.firstRate));
            }
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "%-6s %7s %7s %8s %8s %9s %6s %9s %9s %9s %7s %8s %5s%n",
                    "phase",
                    "max/s",
                    "at/s",
                    "p50 ms",
                    "p99 ms",
                    "p99.9 ms",
                    "failed",
                    "hits",
                    "misses",
                    "evicted",
                    "hit %",
                    "cpu ms",
                    "load");
            summary.forEach(System.out::println);
            CacheStats stats = lookups.cacheStats();
            System.out.printf(
                    Locale.ROOT,
                    "cache over the whole run: %,d hits, %,d misses, %,d evictions, %,d expirations, %,d entries"
                            + " (max %,d); %,d mappings, hot set %,d%s%n",
                    stats.hits(),
                    stats.misses(),
                    stats.evictions(),
                    stats.expirations(),
                    stats.size(),
                    settings.cacheMax,
                    settings.mappings,
                    settings.hot,
                    coldKeysReused ? "; the miss phase ran out of fresh accounts and reused some" : "");
        }

        /** A measured run at {@code rate}, summarized with the cache counters it moved. */
        private void measure(String phase, String max, int rate, LongFunction<HttpRequest> requests)
                throws InterruptedException {
            CacheStats before = lookups.cacheStats();
            long cpuBefore = processCpuNanos();
            OpenLoopLoad.Result r = load.run(requests, rate, settings.measureSeconds);
            long cpu = processCpuNanos() - cpuBefore;
            CacheStats after = lookups.cacheStats();
            long hits = after.hits() - before.hits();
            long misses = after.misses() - before.misses();
            summary.add(String.format(
                    Locale.ROOT,
                    "%-6s %7s %7d %8.3f %8.3f %9.3f %6d %9d %9d %9d %7.1f %8.3f %5.2f",
                    phase,
                    max,
                    rate,
                    r.ms(50),
                    r.ms(99),
                    r.ms(99.9),
                    r.failed(),
                    hits,
                    misses,
                    after.evictions() - before.evictions(),
                    hits + misses == 0 ? 0.0 : 100.0 * hits / (hits + misses),
                    r.answered() == 0 ? 0.0 : cpu / 1e6 / r.answered(),
                    loadAverage()));
        }

        /** The next account never looked up (wrapping around, and saying so, when all were used). */
        private int coldAccount() {
            int cold = nextCold.getAndIncrement();
            if (cold < settings.mappings) {
                return cold;
            }
            coldKeysReused = true;
            return settings.hot + Math.floorMod(cold - settings.hot, settings.mappings - settings.hot);
        }

        private HttpRequest lookup(int account) {
            WindowsAccount issuer = MappingSeeder.account(account);
            String body = "{\"ticket\":\"" + fixture.ticket(issuer) + "\",\"sender\":\""
                    + issuer.toString().replace("\\", "\\\\") + "\"}";
            return OpenLoopLoad.post(
                    URI.create(server.endpoint() + "/v1/applications/" + LookupFixture.APPLICATION + "/tickets/redeem"),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Settings(
            int mappings,
            int cacheMax,
            int hot,
            int rate,
            int firstRate,
            int stepSeconds,
            int measureSeconds,
            int clients) {
        static Settings parse(String[] args) {
            Settings s = new Settings(
                    intArg(args, "mappings", 1_000_000),
                    intArg(args, "cacheMax", 100_000),
                    intArg(args, "hot", 50_000),
                    intArg(args, "rate", 100),
                    intArg(args, "firstRate", 25),
                    intArg(args, "stepSeconds", 4),
                    intArg(args, "measureSeconds", 10),
                    intArg(args, "clients", 8));
            if (s.hot > s.cacheMax || s.hot >= s.mappings) {
                throw new IllegalArgumentException(
                        "The hot set must fit in the cache and leave accounts outside it: hot=" + s.hot + ", cacheMax="
                                + s.cacheMax + ", mappings=" + s.mappings);
            }
            return s;
        }

        private static int intArg(String[] args, String name, int fallback) {
            for (String arg : args) {
                if (arg.startsWith(name + "=")) {
                    return Integer.parseInt(arg.substring(name.length() + 1));
                }
            }
            return fallback;
        }
    }

    /** The sum of the heap pools' peaks since start (the pools peak at different moments: an upper bound). */
    private static long peakHeapMegabytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP)
                        .mapToLong(pool -> pool.getPeakUsage().getUsed())
                        .sum()
                >> 20;
    }

    private static long usedHeapMegabytes() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    }

    /** CPU time of this whole process (server, load generator, JIT, GC): a figure that other load moves less. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
