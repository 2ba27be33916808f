package org.entsso.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.entsso.sso.client.ClientConfig;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.crypto.IssuedCertificate;
import org.entsso.sso.local.LocalCluster;
import org.entsso.sso.tls.TlsMaterial;

/**
 * Test support for ops/samples/SampleHostInstance.java: identities issued by the local cluster's CA (as an operator
 * issues them), and the sample run as its own JVM with the client library's jars only, driven line by line.
 */
final class SampleHost implements Closeable {
    private final Process process;
    private final PrintWriter to;
    private final BufferedReader from;

    private SampleHost(Process process) {
        this.process = process;
        this.to = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** A client for {@code principal} with a certificate from the cluster's CA, discovering from the admin's seeds. */
    static SsoClient client(LocalCluster cluster, ClientConfig seeds, String principal) {
        ClusterCa ca = ClusterPki.loadCa(cluster.clusterDir());
        return SsoClient.open(seeds, TlsMaterial.of(ca.issueClient(principal), ca.certificate()));
    }

    /**
     * Writes {@code principal}'s PKCS#12, its owner-only password file and a client.properties naming {@code seed}
     * under {@code dir}; returns the properties file.
     */
    static Path clientFiles(LocalCluster cluster, Path dir, String principal, String seed) throws IOException {
        Files.createDirectories(dir);
        ClusterCa ca = ClusterPki.loadCa(cluster.clusterDir());
        IssuedCertificate cert = ca.issueClient(principal);
        ClusterPki.withNewPassword(dir.resolve("host.p12.pwd"), pw -> cert.writePkcs12(dir.resolve("host.p12"), pw));
        Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        Path properties = dir.resolve("client.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "client.servers=" + seed,
                        "client.discoveryInterval=200ms",
                        "tls.keyStore=host.p12",
                        "tls.keyStorePasswordFile=host.p12.pwd",
                        "tls.trustStore=ca.pem",
                        ""));
        return properties;
    }

    /** Starts the sample with {@code properties}; returns once it printed {@code ready ENDPOINT}. */
    static SampleHost start(Path clientLib, Path properties, String adapter, String receiveLocation)
            throws IOException {
        Path source = Path.of("..", "ops", "samples", "SampleHostInstance.java").toAbsolutePath();
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        clientLib.resolve("*").toString(),
                        source.toString(),
                        properties.toString(),
                        adapter,
                        receiveLocation)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        SampleHost host = new SampleHost(process);
        assertThat(host.from.readLine()).as("the sample's first line").startsWith("ready ");
        return host;
    }

    /** Sends one command line and returns the answer line. */
    String send(String line) throws IOException {
        to.println(line);
        String answer = from.readLine();
        return answer == null ? "(the sample exited)" : answer;
    }

    @Override
    public void close() throws IOException {
        to.println("quit");
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
