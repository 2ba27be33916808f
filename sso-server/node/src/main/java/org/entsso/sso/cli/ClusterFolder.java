package org.entsso.sso.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.entsso.cluster.ClusterConnection;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.config.PropertiesFile;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.tls.TlsMaterial;

/**
 * A cluster folder written by {@code sso-init} (see {@link org.entsso.sso.node.ClusterInit}), as its verbs use it: the
 * cluster CA, the first SSO administrator's {@code admin/client.properties} (seed servers, ZooKeeper, certificate), and
 * the CA's two records: {@value #ISSUED} (one line per certificate the verbs issued: serial in hex, kind, principal,
 * not-after) and {@value #REVOKED} (one line per revoked serial, with its principal and time), from which the
 * revocation list {@value #CRL} is signed. The records are public (no key), appended, never rewritten. Not thread-safe.
 */
final class ClusterFolder {
    static final String ISSUED = "ca/issued.tsv";
    static final String REVOKED = "ca/revoked.tsv";
    static final String CRL = "ca/crl.pem";
    /** How long a revocation list stays valid (its next update); a new one is signed at every revocation. */
    static final Duration CRL_VALIDITY = ClusterCa.ISSUED_VALIDITY;

    /** One line of {@value #ISSUED}. */
    record Issued(BigInteger serial, String kind, String principal, String notAfter) {}

    private final Path dir;
    private ClusterCa ca;

    private ClusterFolder(Path dir) {
        this.dir = dir;
    }

    static ClusterFolder open(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(ClusterPki.caKeyStore(absolute))) {
            throw new ConfigFailure(
                    SsoConfigCommand.EXIT_USAGE,
                    "The folder " + absolute + " is not a cluster folder written by sso-init (it has no ca/ca.p12).");
        }
        return new ClusterFolder(absolute);
    }

    Path dir() {
        return dir;
    }

    ClusterCa ca() {
        if (ca == null) {
            ca = ClusterPki.loadCa(dir);
        }
        return ca;
    }

    Path caPem() {
        return dir.resolve("ca").resolve("ca.pem");
    }

    Path adminConfig() {
        return dir.resolve("admin").resolve("client.properties");
    }

    /** The seed SSO servers of the administrator's configuration, as written there. */
    String seedServers() {
        return PropertiesFile.load(adminConfig(), "client configuration", ClientConfigFile.KEYS)
                .required("client.servers");
    }

    /** The administrator's certificate (for the database's TLS front, as sso-init prepared the database). */
    TlsMaterial adminTls() {
        Path admin = dir.resolve("admin");
        char[] pw = PasswordFiles.read(admin.resolve("admin.p12.pwd"), "password file");
        try {
            return TlsMaterial.fromPkcs12(admin.resolve("admin.p12"), pw, admin.resolve("ca.pem"));
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    /** The cluster's ZooKeeper as the administrator reaches it. */
    ClusterConnection zooKeeper() {
        return AdminZooKeeper.connection(adminConfig(), Duration.ofSeconds(10))
                .orElseThrow(() ->
                        new ConfigFailure(SsoConfigCommand.EXIT_USAGE, adminConfig() + " names no zookeeper.connect."));
    }

    /** The node.properties of the nodes in this folder, by folder name, except {@code excluded}'s. */
    List<Path> nodeConfigs(String excluded) {
        try (var entries = Files.list(dir)) {
            return entries.filter(d -> !d.getFileName().toString().equals(excluded))
                    .map(d -> d.resolve("node.properties"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir, e);
        }
    }

    /** Records an issued certificate (once per serial). */
    void recordIssued(BigInteger serial, String kind, String principal, Instant notAfter) {
        if (issued().stream().noneMatch(i -> i.serial().equals(serial))) {
            append(ISSUED, serial.toString(16) + "\t" + kind + "\t" + principal + "\t" + notAfter + "\n");
        }
    }

    List<Issued> issued() {
        List<Issued> all = new ArrayList<>();
        for (String[] f : lines(ISSUED)) {
            if (f.length == 4) {
                all.add(new Issued(new BigInteger(f[0], 16), f[1], f[2], f[3]));
            }
        }
        return all;
    }

    Set<BigInteger> revoked() {
        Set<BigInteger> serials = new LinkedHashSet<>();
        for (String[] f : lines(REVOKED)) {
            serials.add(new BigInteger(f[0], 16));
        }
        return serials;
    }

    /** Adds {@code serial} to the revoked ones (once) and signs the revocation list again; returns it, DER-encoded. */
    byte[] revoke(BigInteger serial, String principal) {
        if (!revoked().contains(serial)) {
            append(REVOKED, serial.toString(16) + "\t" + principal + "\t" + Instant.now() + "\n");
        }
        String pem = ca().revocationListPem(revoked(), CRL_VALIDITY);
        try {
            Path crl = dir.resolve(CRL);
            Path temp = Files.createTempFile(crl.getParent(), ".crl", ".tmp");
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            Files.move(temp, crl, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(CRL), e);
        }
        return java.util.Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z0-9 ]+-----", "").strip());
    }

    private List<String[]> lines(String name) {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private void append(String name, String line) {
        try {
            Files.writeString(
                    dir.resolve(name),
                    line,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(name), e);
        }
    }
}
