package org.entsso.failover.bench.attack;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the harness reads from the nodes from outside, as an operator would: the HTTPS servers' counters on the plain
 * metrics port ({@code entsso_http_connections_dropped_total}, {@code entsso_http_refused_total}), the health code there,
 * and lines of {@code ssod.log} (timestamps with milliseconds, the machine's time zone). Stateless; thread-safe.
 */
final class NodeProbe {
    private static final Pattern DROPPED = Pattern.compile("^entsso_http_connections_dropped_total\\{([^}]*)} (\\S+)$");
    private static final Pattern REFUSED = Pattern.compile("^entsso_http_refused_total\\{([^}]*)} (\\S+)$");
    private static final Pattern TAG = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern LOG_LINE = Pattern.compile("^(\\S+) (\\w+)\\s+\\[[^]]*] \\[[^]]*] (\\S+) - (.*)$");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");

    /** One line of {@code ssod.log}. */
    record LogLine(Instant at, String level, String logger, String message) {}

    private final HttpClient http = HttpClient.newBuilder()
            .proxy(ProxySelector.of(null))
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    /**
     * The attack counters of one node's metrics endpoint: {@code "<server> dropped"} and {@code "<server> refused
     * <reason>"} -> value. Empty when the node does not answer.
     */
    Map<String, Double> attackCounters(int metricsPort) {
        Map<String, Double> counters = new TreeMap<>();
        Optional<String> text = get(metricsPort, "/metrics").map(HttpResponse::body);
        if (text.isEmpty()) {
            return counters;
        }
        for (String line : text.get().split("\n")) {
            Matcher d = DROPPED.matcher(line);
            Matcher r = REFUSED.matcher(line);
            if (d.matches()) {
                Map<String, String> tags = tags(d.group(1));
                counters.put(tags.get("server") + " dropped", Double.parseDouble(d.group(2)));
            } else if (r.matches()) {
                Map<String, String> tags = tags(r.group(1));
                counters.put(tags.get("server") + " refused " + tags.get("reason"), Double.parseDouble(r.group(2)));
            }
        }
        return counters;
    }

    private static Map<String, String> tags(String text) {
        Map<String, String> tags = new TreeMap<>();
        Matcher m = TAG.matcher(text);
        while (m.find()) {
            tags.put(m.group(1), m.group(2));
        }
        return tags;
    }

    /** The HTTP status of {@code GET /v1/sys/health} on the metrics port, or empty if it does not answer. */
    Optional<Integer> health(int metricsPort) {
        return get(metricsPort, "/v1/sys/health").map(HttpResponse::statusCode);
    }

    private Optional<HttpResponse<String>> get(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The lines of {@code log} stamped in [{@code from}, {@code to}); continuation lines (stack traces) are skipped. */
    static List<LogLine> lines(Path log, Instant from, Instant to) {
        List<LogLine> lines = new ArrayList<>();
        if (!Files.exists(log)) {
            return lines;
        }
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            all.forEach(text -> {
                Matcher m = LOG_LINE.matcher(text);
                if (!m.matches()) {
                    return;
                }
                Instant at;
                try {
                    at = LocalDateTime.parse(m.group(1), LOG_TIME)
                            .atZone(ZoneId.systemDefault())
                            .toInstant();
                } catch (DateTimeParseException e) {
                    return;
                }
                if (!at.isBefore(from) && at.isBefore(to)) {
                    lines.add(new LogLine(at, m.group(2), m.group(3), m.group(4)));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log + ": " + e.getMessage(), e);
        }
        return lines;
    }

    /** The first line of {@code lines} whose logger is {@code logger} and whose message contains {@code text}. */
    static Optional<LogLine> first(List<LogLine> lines, String logger, String text) {
        return lines.stream()
                .filter(l -> l.logger().equals(logger) && l.message().contains(text))
                .findFirst();
    }
}
