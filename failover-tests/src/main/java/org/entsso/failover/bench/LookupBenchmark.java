package org.entsso.failover.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.server.CacheStats;
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.store.WindowsAccount;

/**
 * HTTPS lookups against one SSO server on loopback, open loop (issue 10; the load is {@link OpenLoopLoad}): one
 * application, one mapping and one credential field ({@link LookupFixture}), looked up by its own account over
 * kept-alive connections from several HTTP/1.1 clients. The same server also serves a no-op endpoint on the lookups
 * pool, measured the same way in the same run, so the figure for the lookup path can be read against the server's own
 * floor.
 *
 * <p>First each endpoint's maximum sustained rate: rates rise in steps until the answered rate falls under 95% of the
 * offered one or p99 passes 100 ms. Then each endpoint at half of its maximum for the measured run.
 *
 * <p>Usage: {@code LookupBenchmark [stepSeconds=4] [measureSeconds=10] [clients=8] [split]}. Without {@code split}
 * the server and the load generator share this JVM and the machine's cores: on a small machine the client is part of
 * what is measured. With {@code split} the server runs in a JVM of its own pinned to the last core and the load
 * generator stays here on the others ({@code taskset}, Linux), so neither takes the other's CPU.
 */
public final class LookupBenchmark {
    private static final String ALICE = "CONTOSO\\alice";
    private static final String SERVE = "serve";

    private LookupBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals(SERVE)) {
            serve(Path.of(args[1]));
            return;
        }
        int stepSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int measureSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        if (args.length > 3 && args[3].equals("split")) {
            split(stepSeconds, measureSeconds, clients);
            return;
        }
        try (LookupFixture fixture = fixture()) {
            try (LookupServer server = new LookupServer(fixture)) {
                List<HttpClient> http = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    http.add(server.client(ALICE));
                }
                measure(server.endpoint(), http, stepSeconds, measureSeconds);
            }
            printCache(fixture);
        }
    }

    private static LookupFixture fixture() throws IOException {
        LookupFixture fixture = new LookupFixture("entsso-lookup-bench");
        fixture.addToGroup(ALICE, LookupFixture.USERS);
        fixture.map(new WindowsAccount("CONTOSO", "alice"), "alice-ext", "pw-benchmark");
        fixture.startLookups(LookupSettings.defaults());
        return fixture;
    }

    private static void printCache(LookupFixture fixture) {
        CacheStats cache = fixture.lookups().cacheStats();
        System.out.printf(
                Locale.ROOT, "credential cache over the whole run: %d hits, %d misses%n", cache.hits(), cache.misses());
    }

    /**
     * The server in a JVM of its own on the last core, this JVM (the load) on the others: what the server spends is
     * then measured apart from what the load generator spends. Needs Linux's {@code taskset} and two cores.
     */
    private static void split(int stepSeconds, int measureSeconds, int clients) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2) {
            throw new IllegalStateException("split needs two cores; this machine offers " + cores);
        }
        String serverCpu = String.valueOf(cores - 1);
        String loadCpus = cores == 2 ? "0" : "0-" + (cores - 2);
        long self = ProcessHandle.current().pid();
        if (new ProcessBuilder("taskset", "-a", "-p", "-c", loadCpus, String.valueOf(self))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectErrorStream(true)
                        .start()
                        .waitFor()
                != 0) {
            throw new IllegalStateException("taskset could not pin the load generator to cpus " + loadCpus);
        }
        Path dir = Files.createTempDirectory("entsso-lookup-split");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(
                        "taskset",
                        "-c",
                        serverCpu,
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LookupBenchmark.class.getName(),
                        SERVE,
                        dir.toString())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            Path endpointFile = dir.resolve("endpoint");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(endpointFile)) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server process did not start (see its output above)");
                }
                Thread.sleep(100);
            }
            URI endpoint = URI.create(Files.readString(endpointFile).trim());
            char[] password = Files.readString(dir.resolve("ca.pw")).toCharArray();
            ClusterCa ca = ClusterCa.loadPkcs12(dir.resolve("ca.p12"), password, Clock.systemUTC());
            System.out.printf(
                    Locale.ROOT, "server pid %d on cpu %s, load on cpus %s%n", server.pid(), serverCpu, loadCpus);
            List<HttpClient> http = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                http.add(LookupServer.client(ca, ALICE));
            }
            measure(endpoint, http, stepSeconds, measureSeconds);
            server.getOutputStream().close(); // the server prints its cache figures and exits
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                System.out.println("the server process did not exit within 30 s");
            }
        } finally {
            server.destroy();
            try (var files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The server side of {@link #split}: serves until its standard input ends. */
    private static void serve(Path dir) throws Exception {
        try (LookupFixture fixture = fixture();
                LookupServer server = new LookupServer(fixture)) {
            char[] password = UUID.randomUUID().toString().toCharArray();
            Files.writeString(dir.resolve("ca.pw"), new String(password));
            server.writeCa(dir.resolve("ca.p12"), password);
            Path pending = dir.resolve("endpoint.tmp");
            Files.writeString(pending, server.endpoint().toString());
            Files.move(pending, dir.resolve("endpoint"), StandardCopyOption.ATOMIC_MOVE);
            while (System.in.read() >= 0) {
                // nothing comes; the end of the stream is the signal
            }
            printCache(fixture);
        }
    }

    private static void measure(URI endpoint, List<HttpClient> http, int stepSeconds, int measureSeconds)
            throws InterruptedException {
        OpenLoopLoad load = new OpenLoopLoad(http);
        HttpRequest lookupRequest =
                OpenLoopLoad.get(endpoint.resolve("/v1/applications/" + LookupFixture.APPLICATION + "/credentials"));
        HttpRequest noopRequest = OpenLoopLoad.get(endpoint.resolve(LookupServer.NOOP));
        // Warm-up: JIT, connections, the credential cache.
        load.run(i -> lookupRequest, 500, 5);
        load.run(i -> noopRequest, 500, 3);
        OpenLoopLoad.printStepHeader();
        int lookupMax = load.maximum("lookup", i -> lookupRequest, 250, stepSeconds);
        int noopMax = load.maximum("no-op", i -> noopRequest, 250, stepSeconds);
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
        report("lookup", lookupMax, load.run(i -> lookupRequest, lookupMax / 2, measureSeconds));
        report("no-op", noopMax, load.run(i -> noopRequest, noopMax / 2, measureSeconds));
        System.out.printf(Locale.ROOT, "lookup maximum / no-op maximum: %.0f%%%n", 100.0 * lookupMax / noopMax);
    }

    private static void report(String name, int max, OpenLoopLoad.Result r) {
        System.out.printf(
                Locale.ROOT,
                "%-8s %10d %10d %10.3f %10.3f %10.3f %8d%n",
                name,
                max,
                max / 2,
                r.ms(50),
                r.ms(99),
                r.ms(99.9),
                r.failed());
    }
}
