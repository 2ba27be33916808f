package org.entsso.failover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.entsso.sso.client.ClientConfig;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;

/**
 * Issue 12's figures on a running local cluster ({@code ops/sso-cluster up}): how long a mapping disable, a global
 * disable and a group change take to reach every SSO server (from the answer of the change on the first server to
 * the moment the last server answers the changed decision, each server polled every 5 ms over its own keep-alive
 * connection; min/median/max of {@code rounds}), and closed-loop lookups per second on one server with the audit
 * levels at 0 and at 3 (every lookup recorded in the SSO AUDIT log), after a warm-up run, alternated twice.
 *
 * <p>It needs the cluster folder for the administrator's certificate and the CA (it issues a client certificate for
 * {@code LOCAL\probe}, a plain user, as an operator would). Usage: {@code java -cp
 * failover-tests/target/benchmarks.jar org.entsso.failover.bench.DataPlaneFigures dir=ops/local-cluster [rounds=10]
 * [seconds=10] [threads=8]} (failover-tests/BENCHMARKS.md). It leaves the global settings as ENTSSO's defaults
 * except what it created (applications {@code Figures-*}).
 */
public final class DataPlaneFigures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE = "LOCAL\\probe";
    private static final String USERS = "LOCAL\\Figures Users";

    private final HttpClient admin;
    private final HttpClient probe;
    private final List<URI> servers;
    private final String app;
    private final String config;

    private DataPlaneFigures(HttpClient admin, HttpClient probe, List<URI> servers, String suffix) {
        this.admin = admin;
        this.probe = probe;
        this.servers = servers;
        this.app = "Figures-" + suffix;
        this.config = "FiguresConfig-" + suffix;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("rounds", "10", "seconds", "10", "threads", "8"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                System.err.println("usage: DataPlaneFigures dir=CLUSTER_DIR [rounds=10] [seconds=10] [threads=8]");
                System.exit(2);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        if (!options.containsKey("dir")) {
            System.err.println("usage: DataPlaneFigures dir=CLUSTER_DIR [rounds=10] [seconds=10] [threads=8]");
            System.exit(2);
        }
        Path cluster = Path.of(options.get("dir")).resolve("cluster");
        Path adminDir = cluster.resolve("admin");
        ClientConfig config = ClientConfigFile.load(adminDir.resolve("client.properties"));
        TlsMaterial adminTls = TlsMaterial.fromPkcs12(
                adminDir.resolve("admin.p12"),
                Files.readString(adminDir.resolve("admin.p12.pwd")).strip().toCharArray(),
                adminDir.resolve("ca.pem"));
        ClusterCa ca = ClusterPki.loadCa(cluster);
        TlsMaterial probeTls = TlsMaterial.of(ca.issueClient(PROBE), ca.certificate());
        DataPlaneFigures figures = new DataPlaneFigures(
                adminTls.httpClient(NodeRole.SSO_SERVER, Duration.ofSeconds(10)),
                probeTls.httpClient(NodeRole.SSO_SERVER, Duration.ofSeconds(10)),
                config.servers(),
                Long.toString(System.currentTimeMillis(), 36));
        figures.run(
                Integer.parseInt(options.get("rounds")),
                Integer.parseInt(options.get("seconds")),
                Integer.parseInt(options.get("threads")));
    }

    private void run(int rounds, int seconds, int threads) throws Exception {
        prepare();
        System.out.printf(Locale.ROOT, "%d SSO servers: %s; %d rounds each%n", servers.size(), servers, rounds);
        report("mapping disable", rounds, this::mappingDisable);
        report("global disable", rounds, this::globalDisable);
        report("group change", rounds, this::groupChange);
        lookupsPerSecond(seconds, threads); // warm-up: the servers' JIT and connections, not counted
        for (int level : new int[] {0, 3, 0, 3}) {
            send(admin, "PUT", servers.get(0), "/v1/global", "{\"auditPositiveLevel\": " + level + "}", 200);
            Thread.sleep(1500); // every server reads the new levels (signal, or the 1 s poll)
            double rate = lookupsPerSecond(seconds, threads);
            System.out.printf(
                    Locale.ROOT,
                    "lookups/s on %s with audit positive level %d: %,.0f (%d threads, %d s, own credentials, cache"
                            + " hits)%n",
                    servers.get(0),
                    level,
                    rate,
                    threads,
                    seconds);
        }
        send(admin, "PUT", servers.get(0), "/v1/global", "{\"auditPositiveLevel\": 0}", 200);
        batch(10_000);
    }

    /** One batch create and one batch delete of {@code count} mappings (a Host Group application, one account). */
    private void batch(int count) throws Exception {
        String hosts = "FiguresHosts-" + app.substring(app.indexOf('-') + 1);
        URI first = servers.get(0);
        send(admin, "POST", first, "/v1/applications", """
                {"name": "%s", "type": "hostGroup", "userGroups": ["%s"], "adminGroups": ["LOCAL\\\\App Admins"],
                 "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]}""".formatted(hosts, esc(USERS)), 201);
        StringBuilder body = new StringBuilder("{\"mappings\": [");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"application\":\"")
                    .append(hosts)
                    .append("\",\"account\":\"")
                    .append(esc(PROBE))
                    .append("\",\"externalUser\":\"host-user-")
                    .append(i)
                    .append("\"}");
        }
        body.append("]}");
        long start = System.nanoTime();
        long created = send(admin, "POST", first, "/v1/mappings", body.toString(), 201);
        long deleted = send(admin, "POST", first, "/v1/mappings/delete", body.toString(), 200);
        System.out.printf(
                Locale.ROOT,
                "batch of %,d mappings (%,d bytes): created in %.2f s, deleted in %.2f s%n",
                count,
                body.length(),
                (created - start) / 1e9,
                (deleted - created) / 1e9);
    }

    private interface Round {
        Duration measure() throws Exception;
    }

    private static void report(String what, int rounds, Round round) throws Exception {
        long[] ms = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            ms[i] = round.measure().toMillis();
        }
        Arrays.sort(ms);
        System.out.printf(
                Locale.ROOT,
                "%-16s to every server: min %d ms, median %d ms, max %d ms (%s)%n",
                what,
                ms[0],
                ms[rounds / 2],
                ms[rounds - 1],
                Arrays.toString(ms));
    }

    private void prepare() throws Exception {
        URI first = servers.get(0);
        send(admin, "PUT", first, "/v1/groups/" + seg(USERS) + "/members/" + seg(PROBE), null, 204);
        send(admin, "POST", first, "/v1/applications", """
                {"name": "%s", "userGroups": ["%s"], "adminGroups": ["LOCAL\\\\App Admins"],
                 "fields": [{"name": "User Id"}, {"name": "Password", "masked": true}]}""".formatted(app, esc(USERS)), 201);
        send(admin, "POST", first, "/v1/applications/" + app + "/enable", "", 200);
        send(probe, "POST", first, "/v1/applications/" + app + "/mappings", """
                {"account": "%s", "externalUser": "probe-ext"}""".formatted(esc(PROBE)), 201);
        setCredentials();
        send(admin, "POST", first, "/v1/applications", """
                {"name": "%s", "type": "configStore", "userGroups": ["%s"], "adminGroups": ["LOCAL\\\\App Admins"],
                 "fields": [{"name": "Endpoint"}]}""".formatted(config, esc(USERS)), 201);
        send(admin, "POST", first, "/v1/applications/" + config + "/enable", "", 200);
        send(admin, "PUT", first, "/v1/config/" + config + "/item", "{\"properties\": {\"Endpoint\": \"e\"}}", 204);
    }

    private void setCredentials() throws Exception {
        send(
                probe,
                "PUT",
                servers.get(0),
                "/v1/applications/" + app + "/mappings/" + seg(PROBE) + "/credentials",
                "{\"fields\": {\"1\": \"probe-pw\"}}",
                204);
    }

    /** Disables the probe's mapping on the first server; every server must answer 10764 (cached entries dropped). */
    private Duration mappingDisable() throws Exception {
        String lookup = "/v1/applications/" + app + "/credentials";
        awaitEverywhere(probe, lookup, code -> code == 0);
        long start = send(
                admin,
                "POST",
                servers.get(0),
                "/v1/applications/" + app + "/mappings/" + seg(PROBE) + "/disable",
                "",
                200);
        long reached = awaitEverywhere(probe, lookup, code -> code == 10764);
        setCredentials(); // enables it again
        return Duration.ofNanos(reached - start);
    }

    /** Disables SSO on the first server; every server must answer 10754. */
    private Duration globalDisable() throws Exception {
        String lookup = "/v1/applications/" + app + "/credentials";
        awaitEverywhere(probe, lookup, code -> code == 0);
        long start = send(admin, "POST", servers.get(0), "/v1/global/disable", "", 200);
        long reached = awaitEverywhere(probe, lookup, code -> code == 10754);
        send(admin, "POST", servers.get(0), "/v1/global/enable", "", 200);
        return Duration.ofNanos(reached - start);
    }

    /** Removes the probe from the users group on the first server; every server must refuse its config read. */
    private Duration groupChange() throws Exception {
        String read = "/v1/config/" + config + "/item";
        String member = "/v1/groups/" + seg(USERS) + "/members/" + seg(PROBE);
        awaitEverywhere(probe, read, code -> code == 0);
        long start = send(admin, "DELETE", servers.get(0), member, null, 204);
        long reached = awaitEverywhere(probe, read, code -> code == 11042);
        send(admin, "PUT", servers.get(0), member, null, 204);
        return Duration.ofNanos(reached - start);
    }

    /** Polls every server every 5 ms until each answers {@code wanted} once; returns System.nanoTime() then. */
    private long awaitEverywhere(HttpClient client, String path, IntPredicate wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean[] done = new boolean[servers.size()];
        int left = servers.size();
        while (left > 0) {
            for (int i = 0; i < servers.size(); i++) {
                if (!done[i] && wanted.test(code(get(client, servers.get(i), path)))) {
                    done[i] = true;
                    left--;
                }
            }
            if (left > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not every server answered as wanted within 30 s: " + path);
                }
                Thread.sleep(5);
            }
        }
        return System.nanoTime();
    }

    private double lookupsPerSecond(int seconds, int threads) throws Exception {
        URI uri = servers.get(0).resolve("/v1/applications/" + app + "/credentials");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(new Thread(() -> {
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .build();
                while (running.get()) {
                    try {
                        int status = probe.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        (status == 200 ? answered : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        workers.forEach(Thread::start);
        Thread.sleep(2000); // warm-up
        long before = answered.get();
        Thread.sleep(seconds * 1000L);
        long counted = answered.get() - before;
        running.set(false);
        for (Thread w : workers) {
            w.join();
        }
        if (failed.get() > 0) {
            System.out.printf(Locale.ROOT, "  (%d lookups failed)%n", failed.get());
        }
        return counted / (double) seconds;
    }

    private static HttpResponse<String> get(HttpClient client, URI server, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(server.resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request and checks its status; returns System.nanoTime() when the answer arrived. */
    private static long send(HttpClient client, String method, URI server, String path, String body, int expected)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
        long at = System.nanoTime();
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return at;
    }

    private static int code(HttpResponse<String> answer) throws Exception {
        if (answer.statusCode() < 300) {
            return 0;
        }
        JsonNode body = JSON.readTree(answer.body());
        return body.path("code").asInt(-1);
    }

    private static String seg(String name) {
        return name.replace("\\", "%5C").replace(" ", "%20");
    }

    private static String esc(String account) {
        return account.replace("\\", "\\\\");
    }
}
