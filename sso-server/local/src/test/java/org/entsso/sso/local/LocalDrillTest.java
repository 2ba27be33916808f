package org.entsso.sso.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short drill on a real local cluster (three ZooKeeper servers, the H2 server and three nodes, all processes): one
 * round of two kinds, and its report against the schema, with its phases in order and taken from the cluster log. The
 * other kinds run once each in CI's drill profile (README, "Drills").
 */
@Tag("zookeeper")
class LocalDrillTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static Drill.Outcome outcome;
    private static String printed;

    @BeforeAll
    static void drill() throws Exception {
        cluster = new LocalCluster(new LocalCluster.Options(
                dir.resolve("cluster"),
                freeBlock(),
                3,
                Duration.ofSeconds(4),
                List.of("-Xmx256m", "-XX:+UseSerialGC")));
        StringWriter out = new StringWriter();
        cluster.up();
        outcome = Drill.local(
                        cluster,
                        new PrintWriter(out, true),
                        dir.resolve("report"),
                        new Drill.Load(Drill.Load.DEFAULT.lookupsPerSecond(), Duration.ofSeconds(1)))
                .run(DrillKind.parse("fail-resource,move"), 1, Optional.empty(), 0);
        printed = out.toString();
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.down();
        }
    }

    @Test
    void theReportIsValidAgainstItsSchema() throws IOException {
        assertThat(DrillReportHtmlTest.messages(report())).isEmpty();
    }

    @Test
    void everyRoundFinished_withItsPhasesInOrder_fromTheDrillTheWorkloadAndTheClusterLog() throws IOException {
        JsonNode rounds = report().get("rounds");
        assertThat(rounds).hasSize(2);
        for (JsonNode round : rounds) {
            assertThat(round.get("error").isNull()).as(round.toString()).isTrue();
            List<Double> offsets = new ArrayList<>();
            List<Instant> times = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            round.get("phases").forEach(p -> {
                offsets.add(p.get("offsetMs").asDouble());
                times.add(Instant.parse(p.get("at").asText()));
                keys.add(p.get("key").asText());
                sources.add(p.get("source").asText());
            });
            assertThat(offsets).isSorted();
            assertThat(times).isSorted();
            assertThat(keys.get(0)).isEqualTo("fault");
            assertThat(offsets.get(0)).isZero();
            assertThat(keys).contains("firstWrite", "resourceOnline");
            assertThat(sources).anyMatch(s -> s.startsWith("cluster log of node"));
            assertThat(round.get("checks")).isNotEmpty();
            assertThat(round.get("lookups").get("attempted").asLong()).isPositive();
        }
        JsonNode move = rounds.get(1);
        assertThat(move.get("kind").asText()).isEqualTo("move");
        List<String> moveKeys = new ArrayList<>();
        move.get("phases").forEach(p -> moveKeys.add(p.get("key").asText()));
        assertThat(moveKeys).contains("epochTaken", "groupOnline", "serverSwitched");
        assertThat(moveKeys.indexOf("epochTaken")).isLessThan(moveKeys.indexOf("groupOnline"));
    }

    @Test
    void theReportSaysWhatLoadRan() throws IOException {
        JsonNode load = report().get("workload");
        assertThat(load.get("lookupsPerSecond").asDouble()).isEqualTo(Drill.Load.DEFAULT.lookupsPerSecond());
        assertThat(load.get("readers").asInt()).isEqualTo(2);
        assertThat(load.get("warmupSeconds").asLong()).isEqualTo(1);
        assertThat(printed).contains("[warm-up] 1 s of load before the first round");
    }

    @Test
    void theBinsCoverTheWindow_inStepsOf100Ms_withTheWorkloadsLookups() throws IOException {
        for (JsonNode round : report().get("rounds")) {
            JsonNode bins = round.get("bins");
            double start = round.get("windowStartMs").asDouble();
            double end = round.get("windowEndMs").asDouble();
            assertThat(bins.size()).isBetween((int) ((end - start) / 100) - 1, (int) ((end - start) / 100) + 2);
            long lookups = 0;
            for (int i = 1; i < bins.size(); i++) {
                assertThat(bins.get(i).get("offsetMs").asDouble()
                                - bins.get(i - 1).get("offsetMs").asDouble())
                        .isEqualTo(100.0);
                lookups += bins.get(i).get("lookups").asLong();
            }
            assertThat(lookups).isPositive();
        }
    }

    @Test
    void theHtmlReportIsWrittenBesideIt_andProgressAndTheSummaryArePrinted() throws IOException {
        String html = Files.readString(outcome.html());
        assertThat(html).contains("<svg").doesNotContain("<script");
        assertThat(printed)
                .contains("[fail-resource 1]", "[move 1]", "longest write pause", "report.json", "report.html");
    }

    private static JsonNode report() throws IOException {
        return JSON.readTree(outcome.json().toFile());
    }

    /** A base port whose block of 60 is free now (the cluster binds a few ports in it). */
    private static int freeBlock() throws IOException {
        for (int base = 21000; base < 40000; base += 100) {
            if (free(base + 1) && free(base + 11) && free(base + 30) && free(base + 41) && free(base + 51)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of ports");
    }

    private static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
