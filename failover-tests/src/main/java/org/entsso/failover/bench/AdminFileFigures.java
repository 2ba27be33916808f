package org.entsso.failover.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 13's figures: how long {@code ssomanage -createapps} takes for a file of {@code apps} applications and {@code
 * ssomanage -createmappings} for a file of {@code mappings} mappings, on a running cluster ({@code ops/sso-cluster up
 * --dir D}), as an operator runs them: the launcher as its own process with the administrator's client.properties,
 * wall time from start to exit (JVM start, parsing and schema validation of the file, one all-or-nothing request).
 * Each round writes new files with names of its own. Usage: {@code java -cp failover-tests/target/benchmarks.jar
 * org.entsso.failover.bench.AdminFileFigures dir=D [rounds=3] [apps=1000] [mappings=10000]
 * [ssomanage=ops/bin/ssomanage]} (failover-tests/BENCHMARKS.md).
 */
public final class AdminFileFigures {
    private AdminFileFigures() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(
                Map.of("rounds", "3", "apps", "1000", "mappings", "10000", "ssomanage", "ops/bin/ssomanage"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                usage();
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        if (!options.containsKey("dir")) {
            usage();
        }
        Path config = Path.of(options.get("dir"), "cluster", "admin", "client.properties");
        int rounds = Integer.parseInt(options.get("rounds"));
        int apps = Integer.parseInt(options.get("apps"));
        int mappings = Integer.parseInt(options.get("mappings"));
        Path work = Files.createTempDirectory("admin-figures");
        List<Double> appTimes = new ArrayList<>();
        List<Double> mappingTimes = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis() % 100_000, 36);
        for (int round = 0; round < rounds; round++) {
            String prefix = "F" + run + "r" + round + "-";
            Path appsFile = work.resolve(prefix + "apps.xml");
            Path mappingsFile = work.resolve(prefix + "mappings.xml");
            writeApplications(appsFile, prefix, apps, mappings);
            writeMappings(mappingsFile, prefix, apps, mappings);
            appTimes.add(time(options.get("ssomanage"), config, "-createapps", appsFile));
            mappingTimes.add(time(options.get("ssomanage"), config, "-createmappings", mappingsFile));
            System.out.printf(
                    Locale.ROOT,
                    "round %d: -createapps %d applications %.2f s, -createmappings %d mappings %.2f s%n",
                    round + 1,
                    apps,
                    appTimes.get(round),
                    mappings,
                    mappingTimes.get(round));
        }
        report("-createapps (" + apps + " applications)", appTimes);
        report("-createmappings (" + mappings + " mappings)", mappingTimes);
    }

    private static void usage() {
        System.err.println("usage: AdminFileFigures dir=CLUSTER_DIR [rounds=3] [apps=1000] [mappings=10000]"
                + " [ssomanage=ops/bin/ssomanage]");
        System.exit(2);
    }

    /** Applications with two fields, enabled, each naming its mappings' accounts as its users. */
    private static void writeApplications(Path file, String prefix, int apps, int mappings) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("<?xml version=\"1.0\"?>\n<SSO>\n");
            for (int a = 0; a < apps; a++) {
                w.write("  <application name=\"" + prefix + a + "\">\n");
                w.write("    <description>Figures application " + a + " &amp; its adapter</description>\n");
                for (int u = a; u < mappings; u += apps) {
                    w.write("    <appUserAccount>FIGURES\\" + prefix + "user" + u + "</appUserAccount>\n");
                }
                w.write("    <appAdminAccount>FIGURES\\App Admins</appAdminAccount>\n");
                w.write("    <field ordinal=\"0\" label=\"User ID\" masked=\"no\" />\n");
                w.write("    <field ordinal=\"1\" label=\"Password\" masked=\"yes\" />\n");
                w.write("    <flags enableApp=\"yes\" allowTickets=\"no\" />\n");
                w.write("  </application>\n");
            }
            w.write("</SSO>\n");
        }
    }

    private static void writeMappings(Path file, String prefix, int apps, int mappings) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("<SSO>\n");
            for (int u = 0; u < mappings; u++) {
                w.write("  <mapping><windowsDomain>FIGURES</windowsDomain><windowsUserId>" + prefix + "user" + u
                        + "</windowsUserId><externalApplication>" + prefix + (u % apps)
                        + "</externalApplication><externalUserId>ext" + u + "</externalUserId></mapping>\n");
            }
            w.write("</SSO>\n");
        }
    }

    private static double time(String ssomanage, Path config, String verb, Path file) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(ssomanage, "--config", config.toString(), verb, file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("ssomanage " + verb + " failed: " + output.strip());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String what, List<Double> seconds) {
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s: min %.2f s, median %.2f s, max %.2f s over %d rounds%n",
                what,
                sorted.get(0),
                sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1),
                sorted.size());
    }
}
