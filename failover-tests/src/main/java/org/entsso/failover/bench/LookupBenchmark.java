package org.entsso.failover.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * <p>Usage: {@code LookupBenchmark [stepSeconds=4] [measureSeconds=10] [clients=8]}. The server and the load
 * generator share this JVM and the machine's cores: on a small machine the client is part of what is measured.
 */
public final class LookupBenchmark {
    private static final String ALICE = "CONTOSO\\alice";

    private LookupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int stepSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int measureSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (LookupFixture fixture = new LookupFixture("entsso-lookup-bench")) {
            fixture.addToGroup(ALICE, LookupFixture.USERS);
            fixture.map(new WindowsAccount("CONTOSO", "alice"), "alice-ext", "pw-benchmark");
            fixture.startLookups(LookupSettings.defaults());
            try (LookupServer server = new LookupServer(fixture)) {
                measure(server, clients, stepSeconds, measureSeconds);
            }
            CacheStats cache = fixture.lookups().cacheStats();
            System.out.printf(
                    Locale.ROOT,
                    "credential cache over the whole run: %d hits, %d misses%n",
                    cache.hits(),
                    cache.misses());
        }
    }

    private static void measure(LookupServer server, int clients, int stepSeconds, int measureSeconds)
            throws InterruptedException {
        List<HttpClient> http = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            http.add(server.client(ALICE));
        }
        OpenLoopLoad load = new OpenLoopLoad(http);
        HttpRequest lookupRequest = OpenLoopLoad.get(
                server.endpoint().resolve("/v1/applications/" + LookupFixture.APPLICATION + "/credentials"));
        HttpRequest noopRequest = OpenLoopLoad.get(server.endpoint().resolve(LookupServer.NOOP));
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
