package org.entsso.sso.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape in the Prometheus text format, parsed into series: enough for tests to read a meter's value by name and
 * labels. Immutable.
 */
public final class PrometheusScrape {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Series(String name, Map<String, String> labels, double value) {}

    private final String text;
    private final List<Series> series;

    private PrometheusScrape(String text, List<Series> series) {
        this.text = text;
        this.series = series;
    }

    /** Parses a scrape's body. */
    public static PrometheusScrape parse(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new PrometheusScrape(text, List.copyOf(series));
    }

    /** The body as scraped. */
    public String text() {
        return text;
    }

    /** Whether a series {@code name} with these {@code labels} (name, value, name, value...) is present. */
    public boolean has(String name, String... labels) {
        return series.stream().anyMatch(s -> matches(s, name, labels));
    }

    /**
     * The sum of the series {@code name} whose labels include {@code labels} (name, value, ...).
     *
     * @throws AssertionError when no such series is present
     */
    public double value(String name, String... labels) {
        if (!has(name, labels)) {
            throw new AssertionError("No series " + name + " " + List.of(labels) + " in the scrape");
        }
        return valueOrZero(name, labels);
    }

    /** {@link #value}, or 0 when no such series is present (a meter registered at its first use). */
    public double valueOrZero(String name, String... labels) {
        return series.stream()
                .filter(s -> matches(s, name, labels))
                .mapToDouble(Series::value)
                .sum();
    }

    private static boolean matches(Series s, String name, String... labels) {
        if (!s.name().equals(name)) {
            return false;
        }
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
