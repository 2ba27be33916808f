package org.entsso.sso.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drill report ({@code entsso-drill-report/1}, drill-report.schema.json) as one self-contained HTML5 page: inline
 * CSS and inline SVG only, no script, nothing fetched. Per round a timeline of the phases over lookups and writes per
 * second. Tolerates missing fields and nulls (drawn as "–" or left out); never throws on an unknown phase key.
 */
final class DrillReportHtml {
    private static final int WIDTH = 1000;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int PLOT_RIGHT = WIDTH - RIGHT;
    private static final int LABEL_ROW = 14;
    private static final int MAX_LABEL_ROWS = 16;
    private static final double CHAR_WIDTH = 6.2;
    private static final int RATE_PANEL = 110;
    private static final int LATENCY_PANEL = 70;
    /** Room above each panel for its title. */
    private static final int PANEL_GAP = 26;

    private static final String NONE = "–";

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
                   max-width: 1040px; margin: 1.5em auto; padding: 0 1em; line-height: 1.4; }
            h1 { margin-bottom: .2em; } h2 { margin: 0; font-size: 1.25em; }
            table { border-collapse: collapse; margin: .6em 0; font-size: .92em; }
            th, td { border: 1px solid #d0d7de; padding: .25em .6em; text-align: left; vertical-align: top; }
            th { background: #f6f8fa; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            dl.meta { display: grid; grid-template-columns: max-content auto; gap: .15em 1em; }
            dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
            .badge { display: inline-block; padding: .1em .55em; border-radius: .3em; color: #fff; font-weight: 700;
                     font-size: .9em; vertical-align: middle; }
            .badge.pass { background: #1a7f37; } .badge.fail { background: #cf222e; } .badge.unknown { background: #6e7781; }
            .verdict { font-size: 1.4em; }
            td.pass { color: #1a7f37; font-weight: 600; } td.fail { color: #cf222e; font-weight: 600; }
            .error { border-left: 4px solid #cf222e; background: #ffebe9; padding: .4em .8em; margin: .6em 0; }
            .bad { color: #cf222e; font-weight: 600; } .good { color: #1a7f37; }
            tr.reference td { font-style: italic; background: #fbfbfc; }
            section.round { border-top: 2px solid #d0d7de; margin-top: 2em; padding-top: 1em; }
            .round-head { display: flex; gap: .8em; align-items: center; }
            .small { font-size: .85em; color: #57606a; }
            .legend span { margin-right: 1.2em; white-space: nowrap; }
            .swatch { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: -.1em;
                      border: 1px solid #8c959f; }
            svg.timeline { display: block; margin: .6em 0; font-size: 11px; }
            svg.timeline text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
            svg.timeline .phase text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
            """;

    private static final Map<String, String> PHASE_COLOURS = Map.ofEntries(
            Map.entry("fault", "#cf222e"),
            Map.entry("sessionExpired", "#d4700a"),
            Map.entry("targetPreparing", "#afb8c1"),
            Map.entry("targetReady", "#6e7781"),
            Map.entry("epochTaken", "#8250df"),
            Map.entry("resourceOnline", "#2da44e"),
            Map.entry("namePublished", "#0598bc"),
            Map.entry("groupOnline", "#0969da"),
            Map.entry("serverSwitched", "#953800"),
            Map.entry("firstWrite", "#116329"),
            Map.entry("faultCleared", "#bf3989"),
            Map.entry("recovered", "#1a7f37"));
    private static final String UNKNOWN_PHASE_COLOUR = "#57606a";

    private DrillReportHtml() {}

    /** The whole page for one report (the parsed report.json). */
    static String render(JsonNode report) {
        JsonNode r = report == null ? MissingNode.getInstance() : report;
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>ENTSSO failover drill: ")
                .append(esc(text(r.path("target"), "description", "")))
                .append(' ')
                .append(esc(text(r, "verdict", "")))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        header(out, r);
        summary(out, r);
        long binMillis = binMillis(r);
        int index = 0;
        for (JsonNode round : r.path("rounds")) {
            round(out, round, binMillis, ++index);
        }
        out.append("<p class=\"small\">")
                .append(esc(text(r, "format", "")))
                .append(" · ")
                .append(esc(text(r, "tool", "")))
                .append("</p>\n</body>\n</html>\n");
        return out.toString();
    }

    // ---- header and summary ----

    private static void header(StringBuilder out, JsonNode r) {
        out.append("<h1>ENTSSO failover drill</h1>\n<p class=\"verdict\">Verdict: ")
                .append(badge(text(r, "verdict", null)))
                .append("</p>\n<dl class=\"meta\">\n");
        JsonNode target = r.path("target");
        StringBuilder t = new StringBuilder(esc(text(target, "kind", "?")));
        if (!text(target, "description", "").isEmpty()) {
            t.append(": ").append(esc(text(target, "description", "")));
        }
        meta(out, "Target", t.toString());
        meta(out, "Nodes", esc(joined(target.path("nodes"))));
        meta(out, "ZooKeeper", esc(text(target, "zooKeeper", NONE)));
        meta(out, "Session timeout", ms(number(target, "sessionTimeoutMs")));
        meta(out, "Started", esc(text(r, "startedAt", NONE)));
        String finished = esc(text(r, "finishedAt", NONE));
        Duration took = between(text(r, "startedAt", null), text(r, "finishedAt", null));
        meta(
                out,
                "Finished",
                took == null
                        ? finished
                        : finished + " <span class=\"small\">(" + seconds(took.toMillis()) + ")</span>");
        meta(out, "Kinds", esc(joined(r.path("kinds"))));
        meta(out, "Load", esc(load(r.path("workload"))));
        out.append("</dl>\n");
        writesLine(out, r.path("writes"));
    }

    /** The drill's load in words; reports without it (older ones) say so. */
    private static String load(JsonNode w) {
        if (w.isMissingNode() || w.isNull()) {
            return NONE;
        }
        Double rate = number(w, "lookupsPerSecond");
        return (rate == null
                        ? w.path("readers").asInt() + " readers back to back"
                        : String.format(
                                Locale.ROOT,
                                "%.0f lookups/s from %d readers on a fixed schedule",
                                rate,
                                w.path("readers").asInt()))
                + ", " + w.path("writers").asInt() + " writer back to back, "
                + w.path("applications").asInt()
                + " applications; " + w.path("warmupSeconds").asLong() + " s of warm-up before the first round";
    }

    private static void writesLine(StringBuilder out, JsonNode writes) {
        out.append("<p>Writes over the whole drill: ")
                .append(count(writes, "acknowledged"))
                .append(" acknowledged, ")
                .append(count(writes, "failed"))
                .append(" failed; ");
        List<String> missing = strings(writes.path("missingAfterwards"));
        if (writes.isMissingNode()) {
            out.append("no whole-drill write check in this report.");
        } else if (missing.isEmpty()) {
            out.append("<span class=\"good\">every acknowledged write present afterwards.</span>");
        } else {
            out.append("<span class=\"bad\">")
                    .append(missing.size())
                    .append(" acknowledged write(s) missing afterwards:</span> ")
                    .append(esc(String.join(", ", missing)));
        }
        out.append("</p>\n");
    }

    private static void summary(StringBuilder out, JsonNode r) {
        out.append(
                        "<h2>Summary across rounds</h2>\n<table class=\"summary\">\n<thead><tr><th>kind</th><th>measure</th>")
                .append("<th class=\"num\">rounds</th><th class=\"num\">min ms</th><th class=\"num\">median ms</th>")
                .append("<th class=\"num\">p95 ms</th><th class=\"num\">max ms</th>")
                .append("<th class=\"num\">lookups attempted</th><th class=\"num\">lookups failed</th></tr></thead>\n")
                .append("<tbody>\n");
        for (JsonNode row : r.path("summary")) {
            out.append("<tr><td>")
                    .append(esc(text(row, "kind", "")))
                    .append("</td><td>")
                    .append(esc(text(row, "measure", "")))
                    .append("</td>")
                    .append(numCell(count(row, "rounds")))
                    .append(numCell(msPlain(number(row, "min"))))
                    .append(numCell(msPlain(number(row, "median"))))
                    .append(numCell(msPlain(number(row, "p95"))))
                    .append(numCell(msPlain(number(row, "max"))))
                    .append(numCell(count(row, "lookupsAttempted")))
                    .append(numCell(count(row, "lookupsFailed")))
                    .append("</tr>\n");
        }
        JsonNode ref = r.path("reference");
        if (ref.isObject()) {
            out.append("<tr class=\"reference\"><td>reference</td><td>bare Curator LeaderLatch reference");
            if (!text(ref, "name", "").isEmpty()) {
                out.append(" (").append(esc(text(ref, "name", ""))).append(')');
            }
            out.append("</td>")
                    .append(numCell(count(ref, "rounds")))
                    .append(numCell(msPlain(number(ref, "minMs"))))
                    .append(numCell(msPlain(number(ref, "medianMs"))))
                    .append(numCell(msPlain(number(ref, "p95Ms"))))
                    .append(numCell(msPlain(number(ref, "maxMs"))))
                    .append(numCell(NONE))
                    .append(numCell(NONE))
                    .append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        if (ref.isObject() && ref.path("samplesMs").size() > 0) {
            List<String> samples = new ArrayList<>();
            ref.path("samplesMs").forEach(s -> samples.add(msPlain(s.isNumber() ? s.asDouble() : null)));
            out.append("<p class=\"small\">Reference samples (ms): ")
                    .append(esc(String.join(", ", samples)))
                    .append("</p>\n");
        }
    }

    // ---- one round ----

    private static void round(StringBuilder out, JsonNode round, long binMillis, int index) {
        out.append("<section class=\"round\" id=\"round-").append(index).append("\">\n<div class=\"round-head\"><h2>");
        out.append(esc(text(round, "kind", "?"))).append(" round ").append(count(round, "round"));
        if (!text(round, "target", "").isEmpty()) {
            out.append(" &rarr; ").append(esc(text(round, "target", "")));
        }
        out.append("</h2>")
                .append(badge(
                        round.path("pass").isBoolean() ? (round.path("pass").asBoolean() ? "PASS" : "FAIL") : null))
                .append("</div>\n<p class=\"small\">Fault at ")
                .append(esc(text(round, "faultAt", NONE)))
                .append(" (time zero). Lookups: ")
                .append(count(round.path("lookups"), "attempted"))
                .append(" attempted, ")
                .append(count(round.path("lookups"), "failed"))
                .append(" failed. Writes: ")
                .append(count(round.path("writes"), "acknowledged"))
                .append(" acknowledged, ")
                .append(count(round.path("writes"), "failed"))
                .append(" failed.</p>\n");
        if (!text(round, "error", "").isEmpty()) {
            out.append("<div class=\"error\"><strong>Error:</strong> ")
                    .append(esc(text(round, "error", "")))
                    .append("</div>\n");
        }
        checks(out, round.path("checks"));
        figures(out, round.path("figures"));
        List<Phase> phases = phases(round);
        Timeline.draw(out, round, phases, binMillis);
        legend(out);
        phaseTable(out, phases);
        out.append("</section>\n");
    }

    private static void checks(StringBuilder out, JsonNode checks) {
        if (checks.size() == 0) {
            return;
        }
        out.append("<table class=\"checks\">\n<thead><tr><th>rule</th><th>observed</th><th>pass</th></tr></thead>\n")
                .append("<tbody>\n");
        for (JsonNode check : checks) {
            boolean known = check.path("pass").isBoolean();
            boolean pass = check.path("pass").asBoolean(false);
            out.append("<tr><td>")
                    .append(esc(text(check, "rule", "")))
                    .append("</td><td>")
                    .append(esc(text(check, "observed", "")))
                    .append("</td><td class=\"")
                    .append(!known ? "" : pass ? "pass" : "fail")
                    .append("\">")
                    .append(!known ? NONE : pass ? "yes" : "NO")
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private static void figures(StringBuilder out, JsonNode figures) {
        if (!figures.isObject() || figures.size() == 0) {
            return;
        }
        out.append("<table class=\"figures\">\n<thead><tr><th>figure</th><th class=\"num\">ms</th></tr></thead>\n")
                .append("<tbody>\n");
        for (Map.Entry<String, JsonNode> figure : figures.properties()) {
            out.append("<tr><td>")
                    .append(esc(figure.getKey()))
                    .append("</td>")
                    .append(numCell(msPlain(
                            figure.getValue().isNumber() ? figure.getValue().asDouble() : null)))
                    .append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private static void legend(StringBuilder out) {
        out.append("<p class=\"legend small\">")
                .append(swatch("#54aeff", "lookups/s"))
                .append(swatch("#8c959f", "writes/s"))
                .append(swatch("#cf222e", "failures"))
                .append(swatch("#bf8700", "lookup p99 latency"))
                .append(swatch("#fff8c5", "fault until recovered (or first write)"))
                .append("</p>\n");
    }

    private static String swatch(String colour, String label) {
        return "<span><span class=\"swatch\" style=\"background:" + colour + "\"></span>" + esc(label) + "</span>";
    }

    private static void phaseTable(StringBuilder out, List<Phase> phases) {
        if (phases.isEmpty()) {
            return;
        }
        out.append("<details><summary class=\"small\">Phases (")
                .append(phases.size())
                .append(")</summary>\n<table class=\"phases\">\n<thead><tr><th class=\"num\">offset</th><th>key</th>")
                .append("<th>label</th><th>at</th><th>source</th></tr></thead>\n<tbody>\n");
        for (Phase p : phases) {
            out.append("<tr>")
                    .append(numCell(p.offsetMs() == null ? NONE : signedMs(p.offsetMs())))
                    .append("<td>")
                    .append(esc(p.key()))
                    .append("</td><td>")
                    .append(esc(p.label()))
                    .append("</td><td>")
                    .append(esc(p.at()))
                    .append("</td><td>")
                    .append(esc(p.source()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</details>\n");
    }

    // ---- phases ----

    /** One phase; offsetMs is null when the report has neither an offset nor instants to compute it from. */
    private record Phase(String key, String label, String at, Double offsetMs, String source) {
        String caption() {
            return (label.isEmpty() ? key : label) + (offsetMs == null ? "" : " " + signedMs(offsetMs));
        }

        String colour() {
            return PHASE_COLOURS.getOrDefault(key, UNKNOWN_PHASE_COLOUR);
        }
    }

    private static List<Phase> phases(JsonNode round) {
        List<Phase> phases = new ArrayList<>();
        String faultAt = text(round, "faultAt", null);
        for (JsonNode p : round.path("phases")) {
            String at = text(p, "at", "");
            Double offset = number(p, "offsetMs");
            if (offset == null) {
                Duration d = between(faultAt, at);
                offset = d == null ? null : d.toNanos() / 1e6;
            }
            phases.add(new Phase(text(p, "key", "?"), text(p, "label", ""), at, offset, text(p, "source", "")));
        }
        phases.sort(Comparator.comparing(Phase::offsetMs, Comparator.nullsLast(Comparator.naturalOrder())));
        return phases;
    }

    private static Double firstOffset(List<Phase> phases, String key) {
        return phases.stream()
                .filter(p -> p.key().equals(key) && p.offsetMs() != null)
                .map(Phase::offsetMs)
                .findFirst()
                .orElse(null);
    }

    // ---- the SVG timeline ----

    /** Draws one round's chart: phase labels on staggered rows, then lookups/s, lookup p99 and writes/s panels. */
    private static final class Timeline {
        private final StringBuilder svg = new StringBuilder(16 * 1024);
        private final double lo;
        private final double hi;

        private Timeline(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
        }

        static void draw(StringBuilder out, JsonNode round, List<Phase> phases, long binMillis) {
            List<Bin> bins = Bin.all(round.path("bins"));
            double lo = numberOr(round, "windowStartMs", Double.NaN);
            double hi = numberOr(round, "windowEndMs", Double.NaN);
            for (Bin b : bins) {
                lo = min(lo, b.offsetMs());
                hi = max(hi, b.offsetMs() + binMillis);
            }
            for (Phase p : phases) {
                if (p.offsetMs() != null) {
                    lo = min(lo, p.offsetMs());
                    hi = max(hi, p.offsetMs());
                }
            }
            if (Double.isNaN(lo) || Double.isNaN(hi)) {
                lo = -1000;
                hi = 1000;
            }
            if (hi <= lo) {
                hi = lo + 1000;
            }
            new Timeline(lo, hi).drawAll(out, phases, bins, binMillis);
        }

        private void drawAll(StringBuilder out, List<Phase> phases, List<Bin> bins, long binMillis) {
            List<Phase> drawn =
                    phases.stream().filter(p -> p.offsetMs() != null).toList();
            int[] rows = labelRows(drawn);
            int rowCount = 0;
            for (int row : rows) {
                rowCount = Math.max(rowCount, row + 1);
            }
            int top = 8 + rowCount * LABEL_ROW + PANEL_GAP;
            boolean latency = bins.stream().anyMatch(b -> b.lookupP99Ms() != null);
            int lookupsTop = top;
            int latencyTop = lookupsTop + RATE_PANEL + PANEL_GAP;
            int writesTop = latency ? latencyTop + LATENCY_PANEL + PANEL_GAP : latencyTop;
            int bottom = writesTop + RATE_PANEL;
            int height = bottom + 34;

            shading(phases, top, bottom);
            xGrid(top, bottom);
            double perSecond = 1000.0 / binMillis;
            ratePanel(lookupsTop, "lookups/s", "#54aeff", bins, binMillis, perSecond, true);
            if (latency) {
                latencyPanel(latencyTop, bins, binMillis);
            }
            ratePanel(writesTop, "writes/s", "#8c959f", bins, binMillis, perSecond, false);
            xAxis(bottom);
            phaseMarks(drawn, rows, bottom);

            out.append("<svg class=\"timeline\" viewBox=\"0 0 ")
                    .append(WIDTH)
                    .append(' ')
                    .append(height)
                    .append("\" width=\"")
                    .append(WIDTH)
                    .append("\" height=\"")
                    .append(height)
                    .append("\" role=\"img\" aria-label=\"timeline of the round relative to the fault\">\n")
                    .append(svg)
                    .append("</svg>\n");
        }

        private double x(double offsetMs) {
            return LEFT + (offsetMs - lo) * (PLOT_RIGHT - LEFT) / (hi - lo);
        }

        /** Greedy: each label (sorted by offset) goes on the first row where it overlaps no other label. */
        private int[] labelRows(List<Phase> phases) {
            int[] rows = new int[phases.size()];
            List<List<double[]>> occupied = new ArrayList<>();
            for (int i = 0; i < phases.size(); i++) {
                double[] span = labelSpan(phases.get(i));
                int row = 0;
                while (row < occupied.size() && row < MAX_LABEL_ROWS - 1 && overlaps(occupied.get(row), span)) {
                    row++;
                }
                if (row == occupied.size()) {
                    occupied.add(new ArrayList<>());
                }
                occupied.get(row).add(span);
                rows[i] = row;
            }
            return rows;
        }

        private static boolean overlaps(List<double[]> spans, double[] span) {
            for (double[] s : spans) {
                if (span[0] < s[1] + 8 && s[0] < span[1] + 8) {
                    return true;
                }
            }
            return false;
        }

        /** [left, right] of a label: right of its line, or left of it where it would run past the plot. */
        private double[] labelSpan(Phase p) {
            double at = x(p.offsetMs());
            double w = p.caption().length() * CHAR_WIDTH;
            return labelsLeft(at, w) ? new double[] {at - 3 - w, at} : new double[] {at, at + 3 + w};
        }

        private static boolean labelsLeft(double at, double width) {
            return at + 3 + width > WIDTH - 2 && at - 3 - width >= 2;
        }

        private void shading(List<Phase> phases, int top, int bottom) {
            Double from = firstOffset(phases, "fault");
            Double to = firstOffset(phases, "recovered");
            if (to == null) {
                to = firstOffset(phases, "firstWrite");
            }
            if (from == null) {
                from = 0.0;
            }
            if (to == null || to <= from) {
                return;
            }
            svg.append("<rect class=\"outage\" x=\"")
                    .append(f(x(from)))
                    .append("\" y=\"")
                    .append(top)
                    .append("\" width=\"")
                    .append(f(x(to) - x(from)))
                    .append("\" height=\"")
                    .append(bottom - top)
                    .append("\" fill=\"#fff8c5\"><title>fault until ")
                    .append(firstOffset(phases, "recovered") != null ? "recovered" : "first write")
                    .append(": ")
                    .append(esc(Math.round(to - from) + " ms"))
                    .append("</title></rect>\n");
        }

        private double tickStep() {
            double[] steps = {100, 200, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000};
            for (double step : steps) {
                if ((hi - lo) / step <= 12) {
                    return step;
                }
            }
            return niceCeiling((hi - lo) / 12);
        }

        private void xGrid(int top, int bottom) {
            double step = tickStep();
            for (double t = Math.ceil(lo / step) * step; t <= hi; t += step) {
                svg.append(line(x(t), top, x(t), bottom, t == 0 ? "#8c959f" : "#eaeef2", 1, null));
            }
        }

        private void xAxis(int bottom) {
            svg.append(line(LEFT, bottom, PLOT_RIGHT, bottom, "#57606a", 1, null));
            double step = tickStep();
            for (double t = Math.ceil(lo / step) * step; t <= hi; t += step) {
                svg.append(line(x(t), bottom, x(t), bottom + 4, "#57606a", 1, null));
                svg.append(text(x(t), bottom + 16, "middle", "#57606a", seconds(t)));
            }
            svg.append(text(
                    (LEFT + PLOT_RIGHT) / 2.0, bottom + 30, "middle", "#57606a", "time since the fault (seconds)"));
        }

        private void ratePanel(
                int top,
                String title,
                String colour,
                List<Bin> bins,
                long binMillis,
                double perSecond,
                boolean lookups) {
            double max = 0;
            for (Bin b : bins) {
                max = Math.max(max, (lookups ? b.lookups() : b.writes()) * perSecond);
            }
            double scale = niceCeiling(max);
            yAxis(top, RATE_PANEL, scale, title + " (failed in red)");
            for (Bin b : bins) {
                long total = lookups ? b.lookups() : b.writes();
                long failed = Math.min(total, lookups ? b.lookupFailures() : b.writeFailures());
                if (total <= 0) {
                    continue;
                }
                double x0 = x(b.offsetMs());
                double full = x(b.offsetMs() + binMillis) - x0;
                double w = full > 3 ? full - 0.6 : full + 0.4; // narrow bars overlap, so no anti-aliased seams
                double hTotal = total * perSecond / scale * RATE_PANEL;
                double hFailed = failed * perSecond / scale * RATE_PANEL;
                double base = top + RATE_PANEL;
                String tip = signedMs(b.offsetMs()) + ": " + total + (lookups ? " lookups" : " writes") + ", " + failed
                        + " failed (" + Math.round(total * perSecond) + "/s)";
                svg.append("<g><title>").append(esc(tip)).append("</title>");
                svg.append(rect(x0, base - hTotal, w, hTotal - hFailed, colour));
                if (failed > 0) {
                    svg.append(rect(x0, base - hFailed, w, hFailed, "#cf222e"));
                }
                svg.append("</g>\n");
            }
        }

        private void latencyPanel(int top, List<Bin> bins, long binMillis) {
            double max = 0;
            for (Bin b : bins) {
                if (b.lookupP99Ms() != null) {
                    max = Math.max(max, b.lookupP99Ms());
                }
            }
            double scale = niceCeiling(max);
            yAxis(top, LATENCY_PANEL, scale, "lookup p99 (ms)");
            boolean dense = x(lo + binMillis) - x(lo) < 4; // dots (with tooltips) only where they do not merge
            StringBuilder points = new StringBuilder();
            for (Bin b : bins) {
                if (b.lookupP99Ms() == null) {
                    polyline(points);
                    continue;
                }
                double cx = x(b.offsetMs() + binMillis / 2.0);
                double cy = top + LATENCY_PANEL - Math.min(b.lookupP99Ms(), scale) / scale * LATENCY_PANEL;
                points.append(f(cx)).append(',').append(f(cy)).append(' ');
                if (!dense) {
                    dot(cx, cy, signedMs(b.offsetMs()) + ": lookup p99 " + msPlain(b.lookupP99Ms()) + " ms");
                }
            }
            polyline(points);
        }

        private void dot(double cx, double cy, String tip) {
            svg.append("<circle cx=\"")
                    .append(f(cx))
                    .append("\" cy=\"")
                    .append(f(cy))
                    .append("\" r=\"1.6\" fill=\"#bf8700\"><title>")
                    .append(esc(tip))
                    .append("</title></circle>\n");
        }

        private void polyline(StringBuilder points) {
            if (points.length() > 0) {
                svg.append("<polyline fill=\"none\" stroke=\"#bf8700\" stroke-width=\"1.5\" points=\"")
                        .append(points.toString().trim())
                        .append("\"/>\n");
                points.setLength(0);
            }
        }

        private void yAxis(int top, int height, double scale, String title) {
            svg.append(line(LEFT, top, LEFT, top + height, "#57606a", 1, null));
            svg.append(line(LEFT, top, PLOT_RIGHT, top, "#eaeef2", 1, null));
            svg.append(line(LEFT, top + height / 2.0, PLOT_RIGHT, top + height / 2.0, "#eaeef2", 1, "3 3"));
            svg.append(text(LEFT - 4, top + 4, "end", "#57606a", compact(scale)));
            svg.append(text(LEFT - 4, top + height / 2.0 + 4, "end", "#57606a", compact(scale / 2)));
            svg.append(text(LEFT - 4, top + height + 4, "end", "#57606a", "0"));
            svg.append(text(LEFT, top - 6, "start", "#24292f", title));
        }

        /** All lines first, then all labels over them (with a white halo), so no line crosses a label's text. */
        private void phaseMarks(List<Phase> phases, int[] rows, int bottom) {
            for (int i = 0; i < phases.size(); i++) {
                Phase p = phases.get(i);
                double at = x(p.offsetMs());
                boolean known = PHASE_COLOURS.containsKey(p.key());
                svg.append("<g class=\"phase-line\" data-key=\"")
                        .append(esc(p.key()))
                        .append("\">");
                svg.append(line(at, baseline(rows[i]) + 3, at, bottom, p.colour(), 1.3, known ? null : "4 3"));
                svg.append("</g>\n");
            }
            for (int i = 0; i < phases.size(); i++) {
                Phase p = phases.get(i);
                double at = x(p.offsetMs());
                boolean left = labelsLeft(at, p.caption().length() * CHAR_WIDTH);
                svg.append("<g class=\"phase\" data-key=\"")
                        .append(esc(p.key()))
                        .append("\"><title>");
                svg.append(esc(p.key() + ": " + p.caption() + (p.source().isEmpty() ? "" : " (" + p.source() + ")")));
                svg.append("</title>");
                svg.append(text(
                        left ? at - 3 : at + 3, baseline(rows[i]), left ? "end" : "start", p.colour(), p.caption()));
                svg.append("</g>\n");
            }
        }

        private static double baseline(int row) {
            return 8 + (row + 1) * LABEL_ROW - 3;
        }

        private static String line(double x1, double y1, double x2, double y2, String colour, double w, String dash) {
            return "<line x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\"" + f(y2)
                    + "\" stroke=\"" + colour + "\" stroke-width=\"" + f(w) + "\""
                    + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>\n";
        }

        private static String rect(double x, double y, double w, double h, String colour) {
            return "<rect x=\"" + f(x) + "\" y=\"" + f(y) + "\" width=\"" + f(w) + "\" height=\"" + f(Math.max(0, h))
                    + "\" fill=\"" + colour + "\"/>";
        }

        private static String text(double x, double y, String anchor, String colour, String content) {
            return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" + colour + "\">"
                    + esc(content) + "</text>\n";
        }

        private static double min(double a, double b) {
            return Double.isNaN(a) ? b : Math.min(a, b);
        }

        private static double max(double a, double b) {
            return Double.isNaN(a) ? b : Math.max(a, b);
        }
    }

    /** One bin; counts default to 0, latencies to null. */
    private record Bin(
            double offsetMs, long lookups, long lookupFailures, Double lookupP99Ms, long writes, long writeFailures) {
        static List<Bin> all(JsonNode bins) {
            List<Bin> all = new ArrayList<>();
            for (JsonNode b : bins) {
                Double offset = number(b, "offsetMs");
                if (offset != null) {
                    all.add(new Bin(
                            offset,
                            b.path("lookups").asLong(0),
                            b.path("lookupFailures").asLong(0),
                            number(b, "lookupP99Ms"),
                            b.path("writes").asLong(0),
                            b.path("writeFailures").asLong(0)));
                }
            }
            return all;
        }
    }

    // ---- small helpers ----

    private static long binMillis(JsonNode r) {
        long binMillis = r.path("binMillis").asLong(0);
        return binMillis > 0 ? binMillis : 100;
    }

    private static void meta(StringBuilder out, String name, String html) {
        out.append("<dt>").append(esc(name)).append("</dt><dd>").append(html).append("</dd>\n");
    }

    private static String badge(String verdict) {
        String v = verdict == null ? "?" : verdict;
        String cls = "PASS".equals(v) ? "pass" : "FAIL".equals(v) ? "fail" : "unknown";
        return "<span class=\"badge " + cls + "\">" + esc(v) + "</span>";
    }

    private static String numCell(String content) {
        return "<td class=\"num\">" + content + "</td>";
    }

    /** A text field, or the default when missing or null; numbers and booleans as their text. */
    private static String text(JsonNode node, String field, String dflt) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() || v.isContainerNode() ? dflt : v.asText();
    }

    /** A number field, or null when missing, null, not a number or not finite. */
    private static Double number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() && Double.isFinite(v.asDouble()) ? v.asDouble() : null;
    }

    private static double numberOr(JsonNode node, String field, double dflt) {
        Double v = number(node, field);
        return v == null ? dflt : v;
    }

    private static String count(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? Long.toString(v.asLong()) : NONE;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(s -> strings.add(s.asText()));
        return strings;
    }

    private static String joined(JsonNode array) {
        List<String> strings = strings(array);
        return strings.isEmpty() ? NONE : String.join(", ", strings);
    }

    private static Duration between(String from, String to) {
        if (from == null || to == null) {
            return null;
        }
        try {
            return Duration.between(Instant.parse(from), Instant.parse(to));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Milliseconds without decimals, or "–". */
    private static String msPlain(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? NONE : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String ms(Double v) {
        return v == null ? NONE : msPlain(v) + " ms";
    }

    private static String signedMs(double v) {
        return String.format(Locale.ROOT, "%+.0f ms", v);
    }

    private static String seconds(double ms) {
        String s = BigDecimal.valueOf(ms / 1000).stripTrailingZeros().toPlainString();
        return ("-0".equals(s) ? "0" : s) + " s";
    }

    private static String compact(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least v (1 for 0). */
    private static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** HTML-escapes {@code & < > " '} for text and attribute values alike. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
