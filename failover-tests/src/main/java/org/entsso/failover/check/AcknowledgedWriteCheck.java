package org.entsso.failover.check;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.entsso.failover.check.WriteHistory.Outcome;
import org.entsso.failover.check.WriteHistory.Via;
import org.entsso.failover.check.WriteHistory.Write;
import org.entsso.sso.SsoError;
import org.entsso.sso.client.ClientConfig;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.NewApplication;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoClientException;
import org.entsso.sso.local.Drill;
import org.entsso.sso.local.DrillKind;
import org.entsso.sso.local.LocalCluster;
import org.entsso.sso.tls.TlsMaterial;

/**
 * The acknowledged-write check of issue 14 (item 7), a long-running check outside the default suite: on a real local
 * cluster (three node processes, a three-server ZooKeeper ensemble, the H2 server) it writes uniquely numbered values,
 * each to a config-store item of its own (an encrypting write through the master secret server, as credentials are),
 * through the public API (the client library, and single-attempt PUTs that keep a 15004 refusal instead of retrying
 * it) while the drill injects faults picked at random; then it reads every item back and fails when an acknowledged
 * write is missing or holds another value, or when a write refused as fenced is there. Items rather than credentials:
 * the checker is one identity, and nobody reads another account's credentials without its ticket. The history
 * (numbers, outcomes, item identifiers; no values) is kept in {@code history.tsv}.
 *
 * <p>Run: {@code java -cp failover-tests/target/benchmarks.jar org.entsso.failover.check.AcknowledgedWriteCheck
 * dir=target/ack-check minutes=10} (options below; failover-tests/BENCHMARKS.md). Exit 0 valid, 1 a violation or a
 * drill that could not finish, 2 bad options.
 */
public final class AcknowledgedWriteCheck {
    private static final String APPLICATION = "ACK-CHECK";
    private static final String PROPERTY = "value";
    private static final Duration SINGLE_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    private final LocalCluster cluster;
    private final Map<String, String> options;
    private final PrintStream out;
    private final WriteHistory history = new WriteHistory();
    private final AtomicLong numbers = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final SecureRandom random = new SecureRandom();

    private AcknowledgedWriteCheck(LocalCluster cluster, Map<String, String> options, PrintStream out) {
        this.cluster = cluster;
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "dir", "target/ack-check",
                "basePort", "19500",
                "minutes", "10",
                "kinds", "kill,stop,term,move,fail-resource,drain,zk-leader,db-outage,rotate",
                "writers", "2",
                "session", "4000"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !options.containsKey(arg.substring(0, eq))) {
                System.err.println(
                        "AcknowledgedWriteCheck: unknown option '" + arg + "'; options (with defaults): " + options);
                System.exit(2);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int minutes;
        int writers;
        List<DrillKind> kinds;
        LocalCluster cluster;
        try {
            minutes = Integer.parseInt(options.get("minutes"));
            writers = Integer.parseInt(options.get("writers"));
            if (minutes < 1 || writers < 1 || writers > 16) {
                throw new IllegalArgumentException("minutes must be at least 1 and writers 1 to 16");
            }
            kinds = DrillKind.parse(options.get("kinds"));
            cluster = new LocalCluster(new LocalCluster.Options(
                    Path.of(options.get("dir")),
                    Integer.parseInt(options.get("basePort")),
                    3,
                    Duration.ofMillis(Long.parseLong(options.get("session"))),
                    List.of("-Xmx256m", "-XX:+UseSerialGC")));
        } catch (IllegalArgumentException e) {
            System.err.println("AcknowledgedWriteCheck: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        out.printf(
                "Acknowledged-write check: %s, %d min of faults (%s), %d writers per path%n",
                Instant.now(), minutes, DrillKind.ids(kinds), writers);
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable down = () -> {
            if (stopped.compareAndSet(false, true)) {
                cluster.down();
            }
        };
        Thread hook = new Thread(down, "ack-check-down");
        Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C must not leave seven processes behind
        int exit;
        try {
            cluster.up();
            exit = new AcknowledgedWriteCheck(cluster, options, out).run(kinds, Duration.ofMinutes(minutes), writers);
        } finally {
            down.run();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.exit(exit);
    }

    private int run(List<DrillKind> kinds, Duration duration, int writers) throws Exception {
        Path dir = Path.of(options.get("dir")).toAbsolutePath();
        ClientConfig config = ClientConfigFile.load(cluster.adminClientConfig());
        TlsMaterial material = TlsMaterial.fromPkcs12(
                config.keyStore().orElseThrow(),
                Files.readString(config.keyStorePasswordFile().orElseThrow(), StandardCharsets.UTF_8)
                        .strip()
                        .toCharArray(),
                config.trustStore().orElseThrow());
        try (SsoClient client = SsoClient.open(config, material)) {
            client.createApplication(NewApplication.configStore(
                    APPLICATION,
                    "LOCAL\\App Users",
                    "LOCAL\\App Admins",
                    List.of(new NewApplication.Field(PROPERTY, false))));
            client.enableApplication(APPLICATION);
            SingleAttemptWriter single = new SingleAttemptWriter(material, SINGLE_ATTEMPT_TIMEOUT);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                threads.add(new Thread(() -> writeLoop(client, Optional.empty()), "check-library-" + i));
                threads.add(new Thread(() -> writeLoop(client, Optional.of(single)), "check-single-" + i));
            }
            threads.forEach(Thread::start);
            Drill.Outcome drill;
            // Not closed: closing it would close System.out, and the verdict is printed after the drill.
            PrintWriter drillOut = new PrintWriter(out, true, StandardCharsets.UTF_8);
            try {
                drill = Drill.local(cluster, drillOut, dir.resolve("drill")).run(kinds, 1, Optional.of(duration), 0);
            } finally {
                drillOut.flush();
                running.set(false);
                for (Thread t : threads) {
                    t.join();
                }
            }
            history.save(dir.resolve("history.tsv"));
            out.printf("Writes: %d; reading every item back%n", numbers.get());
            WriteHistory.Verdict verdict = history.verify(account -> stored(client, account));
            report(verdict, dir);
            return verdict.valid() && drill.completed() ? 0 : 1;
        }
    }

    private void writeLoop(SsoClient client, Optional<SingleAttemptWriter> single) {
        Via via = single.isPresent() ? Via.SINGLE_ATTEMPT : Via.CLIENT_LIBRARY;
        while (running.get()) {
            long n = numbers.incrementAndGet();
            String account = "w" + n;
            String value = "check-" + n + "-" + HexFormat.of().toHexDigits(random.nextLong());
            if (single.isPresent()) {
                List<URI> servers = client.servers();
                if (servers.isEmpty()) {
                    history.record(new Write(n, account, value, via, Outcome.NOT_SENT, "no SSO server known"));
                    pause();
                    continue;
                }
                SingleAttemptWriter.Result result = single.get()
                        .write(servers.get((int) (n % servers.size())), APPLICATION, account, PROPERTY, value);
                history.record(new Write(n, account, value, via, result.outcome(), result.detail()));
                if (result.outcome() != Outcome.ACKNOWLEDGED) {
                    pause();
                }
            } else {
                try {
                    client.setConfigInfo(APPLICATION, account, Map.of(PROPERTY, value));
                    history.record(new Write(n, account, value, via, Outcome.ACKNOWLEDGED, ""));
                } catch (SsoClientException e) {
                    Outcome outcome = e.code() == SsoError.FENCED.code() ? Outcome.FENCED : Outcome.INDETERMINATE;
                    history.record(new Write(n, account, value, via, outcome, describe(e)));
                }
            }
        }
    }

    /** A failed write's writer waits a moment, as a host instance would, rather than spinning through numbers. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(SsoClientException e) {
        return e.code() + " " + e.getMessage();
    }

    /** The value stored in item {@code identifier} (config reads are never cached); empty when there is none. */
    private static Optional<String> stored(SsoClient client, String identifier) {
        SsoClientException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return Optional.ofNullable(
                        client.getConfigInfo(APPLICATION, identifier).get(PROPERTY));
            } catch (SsoClientException e) {
                if (e.code() == SsoError.NO_MAPPING.code()) {
                    return Optional.empty();
                }
                last = e;
            }
        }
        throw last;
    }

    private void report(WriteHistory.Verdict v, Path dir) {
        out.printf(
                "Library writes: %d acknowledged, %d fenced, %d indeterminate, %d not sent%n",
                history.count(Via.CLIENT_LIBRARY, Outcome.ACKNOWLEDGED),
                history.count(Via.CLIENT_LIBRARY, Outcome.FENCED),
                history.count(Via.CLIENT_LIBRARY, Outcome.INDETERMINATE),
                history.count(Via.CLIENT_LIBRARY, Outcome.NOT_SENT));
        out.printf(
                "Single-attempt writes: %d acknowledged, %d fenced (15004), %d refused before applying (connection"
                        + " refused, 10590), %d indeterminate, %d not sent%n",
                history.count(Via.SINGLE_ATTEMPT, Outcome.ACKNOWLEDGED),
                history.count(Via.SINGLE_ATTEMPT, Outcome.FENCED),
                history.count(Via.SINGLE_ATTEMPT, Outcome.REFUSED),
                history.count(Via.SINGLE_ATTEMPT, Outcome.INDETERMINATE),
                history.count(Via.SINGLE_ATTEMPT, Outcome.NOT_SENT));
        out.printf(
                "Read back: %d acknowledged (%d lost), %d fenced or refused (%d present), indeterminate %d applied / %d not,"
                        + " %d unverified%n",
                v.acknowledged(),
                v.lost().size(),
                v.fenced() + v.refused(),
                v.refusedPresent().size(),
                v.indeterminateApplied(),
                v.indeterminateNotApplied(),
                v.unverified().size());
        v.lost().stream().limit(20).forEach(s -> out.println("  LOST " + s));
        v.refusedPresent().stream().limit(20).forEach(s -> out.println("  REFUSED BUT PRESENT " + s));
        v.unverified().stream().limit(20).forEach(s -> out.println("  UNVERIFIED " + s));
        out.println((v.valid() ? "VALID" : "INVALID") + "; history in " + dir.resolve("history.tsv")
                + ", drill report in " + dir.resolve("drill"));
    }
}
