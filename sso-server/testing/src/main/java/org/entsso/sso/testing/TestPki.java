package org.entsso.sso.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;

/** A cluster CA and the certificates the sso-server tests need, plus raw TLS and HTTP probes. Shared test support. */
public final class TestPki {
    public static final String LOOPBACK = "127.0.0.1";
    public static final Duration DEADLINE =
            Duration.ofMillis((long) (10_000 * Double.parseDouble(System.getProperty("timing.multiple", "1"))));

    public final ClusterCa ca = ClusterCa.create("test-cluster");

    /** The master secret server node: both roles, SAN 127.0.0.1. */
    public TlsMaterial mss() {
        return node("node1", LOOPBACK, NodeRole.MASTER_SECRET_SERVER, NodeRole.SSO_SERVER);
    }

    /** An SSO-server-only node. */
    public TlsMaterial ssoServer(String name) {
        return node(name, LOOPBACK, NodeRole.SSO_SERVER);
    }

    public TlsMaterial node(String name, String host, NodeRole... roles) {
        Set<NodeRole> set = EnumSet.noneOf(NodeRole.class);
        set.addAll(List.of(roles));
        return TlsMaterial.of(ca.issueNode(name, host, set), ca.certificate());
    }

    /** The SSO database server's TLS front at {@code host} (kind database). */
    public TlsMaterial database(String host) {
        return TlsMaterial.of(ca.issueDatabaseServer(host), ca.certificate());
    }

    public TlsMaterial admin(String principal) {
        return TlsMaterial.of(ca.issueAdmin(principal), ca.certificate());
    }

    public TlsMaterial client(String principal) {
        return TlsMaterial.of(ca.issueClient(principal), ca.certificate());
    }

    /** A plain JDK HTTPS GET with {@code material}, accepting any node with the MSS role. */
    public static HttpResponse<String> get(TlsMaterial material, URI uri) throws IOException, InterruptedException {
        return send(material, HttpRequest.newBuilder(uri).timeout(DEADLINE).build());
    }

    /** A plain JDK HTTPS POST without a body with {@code material}, accepting any node with the MSS role. */
    public static HttpResponse<String> post(TlsMaterial material, URI uri) throws IOException, InterruptedException {
        return send(
                material,
                HttpRequest.newBuilder(uri)
                        .timeout(DEADLINE)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    /** A plain JDK HTTPS request with a JSON body (or none when null) with {@code material}. */
    public static HttpResponse<String> send(TlsMaterial material, String method, URI uri, String json)
            throws IOException, InterruptedException {
        return send(
                material,
                HttpRequest.newBuilder(uri)
                        .timeout(DEADLINE)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    private static HttpResponse<String> send(TlsMaterial material, HttpRequest request)
            throws IOException, InterruptedException {
        SSLParameters tls = new SSLParameters();
        tls.setProtocols(new String[] {"TLSv1.3"});
        HttpClient http = HttpClient.newBuilder()
                .sslContext(material.clientContext(NodeRole.MASTER_SECRET_SERVER))
                .sslParameters(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(null))
                .connectTimeout(DEADLINE)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a raw GET over a socket from {@code context} limited to {@code protocol}; returns the response's status
     * line, {@code "eof"} if the server closed without one, or {@code "failed: <exception>"}.
     */
    public static String rawGet(SSLContext context, String protocol, int port, String path) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(LOOPBACK, port)) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + LOOPBACK + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.length() == 0 ? "eof" : line.toString();
        } catch (IOException e) {
            return "failed: " + e;
        }
    }
}
