package org.entsso.sso.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.entsso.sso.tls.NodeRole;

/**
 * The node.properties {@code sso-init add-node} writes for a new node: its own keys (name, host, roles, ports, the
 * files in its folder) and the cluster's keys copied from an existing node's file (ZooKeeper, database, lookup
 * settings, network name), with relative file paths made absolute, since they were relative to that node's folder.
 * The same inputs always give the same text, so a re-run recognises a file it wrote. Stateless.
 */
final class NodeProperties {
    /** What a new node needs to be: the existing node's file is read for the rest. */
    record Plan(
            String name,
            String host,
            int apiPort,
            int mssPort,
            boolean mss,
            List<String> possibleOwners,
            List<String> preferredOwners) {}

    private NodeProperties() {}

    static String text(Plan plan, Path template) {
        Properties existing = load(template);
        StringBuilder b = new StringBuilder();
        b.append("# ")
                .append(plan.name())
                .append(" of cluster ")
                .append(existing.getProperty("cluster.name", "?"))
                .append(": written by sso-init add-node, cluster keys from ")
                .append(template)
                .append('\n');
        line(b, "node.name", plan.name());
        line(b, "node.host", plan.host());
        line(
                b,
                "node.roles",
                plan.mss()
                        ? NodeRole.SSO_SERVER.label() + "," + NodeRole.MASTER_SECRET_SERVER.label()
                        : NodeRole.SSO_SERVER.label());
        for (String key : new TreeSet<>(existing.stringPropertyNames())) {
            if (isClusterKey(key)) {
                line(b, key, absolute(key, existing.getProperty(key), template.getParent()));
            }
        }
        line(b, "api.port", Integer.toString(plan.apiPort()));
        line(b, "mss.port", Integer.toString(plan.mssPort()));
        line(b, "tls.keyStore", "node.p12");
        line(b, "tls.keyStorePasswordFile", "node.p12.pwd");
        line(b, "tls.trustStore", "ca.pem");
        if (plan.mss()) {
            line(b, "secretStore.path", "secret.bcfks");
            line(b, "secretStore.passwordFile", "secret.pwd");
        }
        line(b, "log.dir", "logs");
        line(b, "entsso.possibleOwners", String.join(",", plan.possibleOwners()));
        line(b, "entsso.preferredOwners", String.join(",", plan.preferredOwners()));
        return b.toString();
    }

    /** A property of an existing file (ports of a file a previous run wrote), or null. */
    static String property(Path file, String key) {
        return Files.isRegularFile(file) ? load(file).getProperty(key) : null;
    }

    private static boolean isClusterKey(String key) {
        return key.equals("cluster.name")
                || key.startsWith("zookeeper.")
                || key.startsWith("database.")
                || key.startsWith("sso.")
                || key.startsWith("tls.handshake")
                || key.equals("audit.failClosed")
                || key.equals("entsso.networkName")
                || key.equals("entsso.ipAddress");
    }

    private static String absolute(String key, String value, Path folder) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        boolean file = lower.endsWith("file") || lower.endsWith("store");
        return file && !value.isBlank() && !Path.of(value).isAbsolute()
                ? folder.resolve(value).toAbsolutePath().normalize().toString()
                : value;
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return p;
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n');
    }
}
