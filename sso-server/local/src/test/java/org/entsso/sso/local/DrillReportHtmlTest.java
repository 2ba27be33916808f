package org.entsso.sso.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The drill report's schema (drill-report.schema.json) against a sample report and broken ones, and its HTML rendering.
 * Set {@code -Ddrill.sample.html=FILE} to also write the sample's page there, to look at it.
 */
class DrillReportHtmlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The 2020-12 meta-schema, which the validator carries on its class path (no network). */
    private static final URI META_SCHEMA = URI.create("https://json-schema.org/draft/2020-12/schema");

    private static final Instant STARTED = Instant.parse("2026-12-03T08:52:30.529156Z");

    @Test
    void theSample_isValid() throws IOException {
        ObjectNode report = sampleReport();

        assertThat(messages(report)).isEmpty();

        report.putNull("reference");
        ((ObjectNode) report.path("rounds").get(0)).put("error", "ENTSSO did not come online within PT60S");
        assertThat(messages(report)).isEmpty();
    }

    @Test
    void theSchema_isAValid2020_12Schema() throws IOException {
        JsonSchema meta =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(META_SCHEMA);

        assertThat(meta.validate(schemaJson())).isEmpty();
    }

    @Test
    void aReportWithoutRounds_isRefused() throws IOException {
        ObjectNode report = sampleReport();
        report.remove("rounds");

        assertThat(messages(report)).anyMatch(m -> m.contains("rounds"));
    }

    @Test
    void aReportOfAnotherFormat_isRefused() throws IOException {
        ObjectNode report = sampleReport();
        report.put("format", "entsso-drill-report/2");

        assertThat(messages(report)).anyMatch(m -> m.contains("format"));
    }

    @Test
    void aPhaseWithoutAt_isRefused() throws IOException {
        ObjectNode report = sampleReport();
        ((ObjectNode) report.path("rounds").get(1).path("phases").get(2)).remove("at");

        assertThat(messages(report)).anyMatch(m -> m.contains("/rounds/1/phases/2") && m.contains("'at'"));
    }

    @Test
    void anInstantThatIsNoDateTime_andAnUnknownVerdict_andAnUnknownProperty_areRefused() throws IOException {
        ObjectNode badInstant = sampleReport();
        badInstant.put("startedAt", "yesterday");
        ObjectNode badVerdict = sampleReport();
        badVerdict.put("verdict", "MAYBE");
        ObjectNode extra = sampleReport();
        ((ObjectNode) extra.path("rounds").get(0).path("bins").get(0)).put("lookupsPerSecond", 1);

        assertThat(messages(badInstant)).anyMatch(m -> m.contains("startedAt"));
        assertThat(messages(badVerdict)).anyMatch(m -> m.contains("verdict"));
        assertThat(messages(extra)).anyMatch(m -> m.contains("lookupsPerSecond"));
    }

    @Test
    void theHtml_isSelfContained_withOneChartPerRound() throws IOException {
        String html = DrillReportHtml.render(sampleReport());
        writeForALook(html);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("</html>");
        assertThat(Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//")
                        .matcher(html)
                        .find())
                .as("no network references")
                .isFalse();
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link");
        assertThat(html).doesNotContain("@import").doesNotContain("url(");
        assertThat(occurrences(html, "<svg")).isEqualTo(2);
        assertThat(occurrences(html, "<section class=\"round\"")).isEqualTo(2);
        assertThat(html).contains("kill round 1 &rarr; node2", "move round 1 &rarr; node3");
        assertThat(html).contains("bare Curator LeaderLatch reference");
        assertThat(html).contains("150 lookups/s from 2 readers on a fixed schedule", "30 s of warm-up");
        assertThat(html).contains("badge pass");
    }

    @Test
    void textFromTheReport_isEscaped() throws IOException {
        ObjectNode report = sampleReport();
        ((ObjectNode) report.path("rounds").get(0)).put("target", "<script>alert('x')</script>");
        ((ObjectNode) report.path("rounds").get(0).path("checks").get(0)).put("observed", "a \"quoted\" & <b>bold</b>");

        String html = DrillReportHtml.render(report);

        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("<b>");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(html).contains("a &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;");
    }

    @Test
    void anUnknownPhaseKey_isDrawn() throws IOException {
        String html = DrillReportHtml.render(sampleReport());

        String moveChart = charts(html)[1];
        assertThat(moveChart).contains("data-key=\"cacheWarmed\"").contains("cache warmed on node3 +900 ms");
        assertThat(moveChart).contains("data-key=\"recovered\"");
    }

    @Test
    @Timeout(10)
    void missingFieldsNullsAndNonFiniteNumbers_areTolerated() {
        ObjectNode report = JSON.createObjectNode();
        ObjectNode round = report.putArray("rounds").addObject();
        round.put("kind", "kill");
        round.putArray("phases").addObject().put("key", "somethingNew");
        round.putArray("bins").addObject().put("offsetMs", 0).putNull("lookups").putNull("lookupP99Ms");
        round.putNull("windowStartMs");
        round.put("windowEndMs", Double.POSITIVE_INFINITY);

        String html = DrillReportHtml.render(report);

        assertThat(html).contains("<svg").contains("kill round").contains("badge unknown");
        assertThat(DrillReportHtml.render(JSON.createObjectNode())).contains("</html>");
    }

    @Test
    void phasesCloseTogether_getLabelsOnSeveralRows() throws IOException {
        String killChart = charts(DrillReportHtml.render(sampleReport()))[0];

        Matcher labels = Pattern.compile("<g class=\"phase\"[^>]*>.*?<text x=\"[^\"]*\" y=\"([^\"]+)\"", Pattern.DOTALL)
                .matcher(killChart);
        Set<String> rows = labels.results().map(m -> m.group(1)).collect(Collectors.toSet());
        assertThat(rows).hasSizeGreaterThanOrEqualTo(4);
    }

    // ---- the schema ----

    private static JsonNode schemaJson() throws IOException {
        try (InputStream in = DrillReportHtml.class.getResourceAsStream("drill-report.schema.json")) {
            assertThat(in).as("drill-report.schema.json on the class path").isNotNull();
            return JSON.readTree(in);
        }
    }

    /** What the schema refuses in {@code report} (empty: valid). */
    static Set<String> messages(JsonNode report) throws IOException {
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema schema =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson(), config);
        return schema.validate(report).stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toSet());
    }

    // ---- the sample: a kill failover (session expiry) and a graceful move ----

    static ObjectNode sampleReport() {
        ObjectNode report = JSON.createObjectNode();
        report.put("format", "entsso-drill-report/1");
        report.put("tool", "sso-cluster drill");
        ObjectNode target = report.putObject("target");
        target.put("kind", "local");
        target.put("description", "local cluster in /tmp/entsso-drill (3 nodes, 2 SSO servers)");
        target.putArray("nodes").add("node1").add("node2").add("node3");
        target.put("sessionTimeoutMs", 1500);
        target.put("zooKeeper", "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183");
        report.put("startedAt", STARTED.toString());
        report.put("finishedAt", STARTED.plusSeconds(42).plusMillis(317).toString());
        report.put("binMillis", 100);
        ObjectNode load = report.putObject("workload");
        load.put("readers", 2);
        load.put("lookupsPerSecond", 150.0);
        load.put("writers", 1);
        load.put("applications", 8);
        load.put("warmupSeconds", 30);
        report.putArray("kinds").add("kill").add("move");
        ArrayNode rounds = report.putArray("rounds");
        rounds.add(killRound());
        rounds.add(moveRound());
        ArrayNode summary = report.putArray("summary");
        summary.add(summaryRow("kill", "fault -> first acknowledged write", 1745, 4312, 87));
        summary.add(summaryRow("move", "fault -> first acknowledged write", 240, 3105, 0));
        ObjectNode reference = report.putObject("reference");
        reference.put("name", "3 participants, session timeout 1500 ms");
        reference.put("rounds", 5);
        reference
                .putArray("samplesMs")
                .add(1612.4)
                .add(1587.9)
                .add(1650.2)
                .add(1603.0)
                .add(1599.7);
        reference
                .put("minMs", 1587.9)
                .put("medianMs", 1603.0)
                .put("p95Ms", 1650.2)
                .put("maxMs", 1650.2);
        ObjectNode writes = report.putObject("writes");
        writes.put("acknowledged", 296).put("failed", 3);
        writes.putArray("missingAfterwards");
        report.put("verdict", "PASS");
        return report;
    }

    private static ObjectNode killRound() {
        Instant faultAt = STARTED.plusSeconds(5);
        ObjectNode round = round("kill", "node2", faultAt, -1000, 2000);
        ArrayNode phases = round.putArray("phases");
        phase(phases, faultAt, "fault", "SIGKILL node2", 0, "drill");
        phase(phases, faultAt, "sessionExpired", "node2's ZooKeeper session expired", 1521, "zookeeper");
        phase(phases, faultAt, "epochTaken", "node1 took epoch 7", 1544, "node1 log");
        phase(phases, faultAt, "resourceOnline", "sql-connection online", 1602, "node1 log");
        phase(phases, faultAt, "resourceOnline", "master-secret online", 1611, "node1 log");
        phase(phases, faultAt, "namePublished", "entsso name published", 1630, "zookeeper");
        phase(phases, faultAt, "groupOnline", "ENTSSO online on node1", 1652, "node1 log");
        phase(phases, faultAt, "serverSwitched", "sso-a switched", 1701, "sso-a");
        phase(phases, faultAt, "serverSwitched", "sso-b switched", 1723, "sso-b");
        phase(phases, faultAt, "firstWrite", "first acknowledged write", 1745, "workload");
        phase(phases, faultAt, "recovered", "recovered", 1800, "workload");
        bins(round.putArray("bins"), -1000, 2000, 1700, 1745);
        round.putObject("figures")
                .put("faultToSessionExpiredMs", 1521)
                .put("faultToOnlineMs", 1652)
                .put("faultToFirstWriteMs", 1745)
                .put("longestWritePauseMs", 1790);
        round.putObject("lookups").put("attempted", 4312).put("failed", 87);
        round.putObject("writes").put("acknowledged", 148).put("failed", 3);
        ArrayNode checks = round.putArray("checks");
        check(checks, "A lookup that fails is retried and answered within the session timeout", "87 failed, max 1.7 s");
        check(checks, "Writes resume within session timeout + 1 s", "first write at +1745 ms (limit 2500 ms)");
        round.put("pass", true);
        round.putNull("error");
        return round;
    }

    private static ObjectNode moveRound() {
        Instant faultAt = STARTED.plusSeconds(25);
        ObjectNode round = round("move", "node3", faultAt, -1000, 2000);
        ArrayNode phases = round.putArray("phases");
        phase(phases, faultAt, "fault", "move to node3 requested", 0, "drill");
        phase(phases, faultAt, "epochTaken", "node3 took epoch 8", 118, "node3 log");
        phase(phases, faultAt, "resourceOnline", "sql-connection online", 176, "node3 log");
        phase(phases, faultAt, "groupOnline", "ENTSSO online on node3", 210, "node3 log");
        phase(phases, faultAt, "serverSwitched", "sso-a switched", 228, "sso-a");
        phase(phases, faultAt, "firstWrite", "first acknowledged write", 240, "workload");
        phase(phases, faultAt, "recovered", "recovered", 300, "workload");
        phase(phases, faultAt, "cacheWarmed", "cache warmed on node3", 900, "node3 log");
        bins(round.putArray("bins"), -1000, 2000, 0, 240);
        round.putObject("figures").put("faultToOnlineMs", 210).put("faultToFirstWriteMs", 240);
        round.putObject("lookups").put("attempted", 3105).put("failed", 0);
        round.putObject("writes").put("acknowledged", 148).put("failed", 0);
        ArrayNode checks = round.putArray("checks");
        check(checks, "A planned move loses no lookup", "0 of 3105 failed");
        check(checks, "Writes pause less than 1 s during a planned move", "longest pause 290 ms");
        round.put("pass", true);
        round.putNull("error");
        return round;
    }

    private static ObjectNode round(String kind, String target, Instant faultAt, int startMs, int endMs) {
        ObjectNode round = JSON.createObjectNode();
        round.put("kind", kind);
        round.put("round", 1);
        round.put("target", target);
        round.put("faultAt", faultAt.toString());
        round.put("windowStartMs", startMs);
        round.put("windowEndMs", endMs);
        return round;
    }

    private static void phase(ArrayNode phases, Instant faultAt, String key, String label, int offsetMs, String src) {
        phases.addObject()
                .put("key", key)
                .put("label", label)
                .put("at", faultAt.plusMillis(offsetMs).toString())
                .put("offsetMs", offsetMs)
                .put("source", src);
    }

    /** Lookups fail in (0, lookupsBackMs), writes pause in (0, writesBackMs) with a few failures at its start. */
    private static void bins(ArrayNode bins, int fromMs, int toMs, int lookupsBackMs, int writesBackMs) {
        for (int t = fromMs; t < toMs; t += 100) {
            boolean lookupOutage = t >= 0 && t < lookupsBackMs;
            boolean writeOutage = t >= 0 && t < writesBackMs;
            int lookups = lookupOutage ? 20 + (t / 100) % 5 : 38 + Math.floorMod(t / 100 * 7, 5);
            int lookupFailures = lookupOutage && t < 600 ? 5 + (t / 100) % 3 : 0;
            ObjectNode bin = bins.addObject();
            bin.put("offsetMs", t);
            bin.put("lookups", lookups);
            bin.put("lookupFailures", lookupFailures);
            bin.put("lookupP50Ms", lookupOutage ? 12.5 : 1.8);
            if (t == 300) {
                bin.putNull("lookupP99Ms");
            } else {
                bin.put("lookupP99Ms", lookupOutage ? 180.0 + t / 10.0 : 4.2 + Math.floorMod(t, 300) / 100.0);
            }
            int writes = writeOutage ? 0 : 5;
            int writeFailures = writeOutage && t < 300 ? 1 : 0;
            bin.put("writes", writes + writeFailures);
            bin.put("writeFailures", writeFailures);
            if (writes == 0) {
                bin.putNull("writeP50Ms").putNull("writeP99Ms");
            } else {
                bin.put("writeP50Ms", 6.1).put("writeP99Ms", 14.0);
            }
        }
    }

    private static void check(ArrayNode checks, String rule, String observed) {
        checks.addObject().put("rule", rule).put("observed", observed).put("pass", true);
    }

    private static ObjectNode summaryRow(String kind, String measure, double ms, int lookups, int failed) {
        ObjectNode row = JSON.createObjectNode();
        row.put("kind", kind).put("measure", measure).put("unit", "ms").put("rounds", 1);
        row.put("min", ms).put("median", ms).put("p95", ms).put("max", ms);
        row.put("lookupsAttempted", lookups).put("lookupsFailed", failed);
        return row;
    }

    // ---- helpers ----

    /** Each {@code <svg ...>...</svg>} of the page, in order. */
    private static String[] charts(String html) {
        return Pattern.compile("<svg.*?</svg>", Pattern.DOTALL)
                .matcher(html)
                .results()
                .map(MatchResult::group)
                .toArray(String[]::new);
    }

    private static int occurrences(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }

    private static void writeForALook(String html) throws IOException {
        String file = System.getProperty("drill.sample.html");
        if (file != null && !file.isBlank()) {
            Files.writeString(Path.of(file), html);
        }
    }
}
