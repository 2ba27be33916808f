package org.entsso.sso.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.NodeRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TLS 1.3 handshake with mutual authentication on loopback, using only the files {@link ClusterCa} writes and
 * the JDK's own KeyStore, CertificateFactory and SSLContext.
 */
class MutualTlsTest {
    private static final char[] PASSWORD = "file-password".toCharArray();
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path folder;

    @Test
    void aNodeAndAnAdminCompleteATls13MutualHandshakeFromTheWrittenFiles() throws Exception {
        ClusterCa ca = ClusterCa.create("prod");
        Path caPem = folder.resolve("ca.crt");
        ca.writeCertificatePem(caPem);
        ca.issueNode("node1", "127.0.0.1", Set.of(NodeRole.MASTER_SECRET_SERVER))
                .writePkcs12(folder.resolve("n.p12"), PASSWORD);
        ca.issueAdmin("CONTOSO\\ssoadmin").writePkcs12(folder.resolve("a.p12"), PASSWORD);

        SSLContext server = context(folder.resolve("n.p12"), caPem);
        SSLContext client = context(folder.resolve("a.p12"), caPem);
        try (SSLServerSocket listener = listen(server)) {
            CompletableFuture<String> seenByServer = CompletableFuture.supplyAsync(() -> serveOnce(listener));
            try (SSLSocket socket = connect(client, listener.getLocalPort())) {
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
                X509Certificate serverCert =
                        (X509Certificate) socket.getSession().getPeerCertificates()[0];
                assertThat(CertificateIdentity.of(serverCert).has(NodeRole.MASTER_SECRET_SERVER))
                        .isTrue();
                socket.getOutputStream().write('?');
                socket.getOutputStream().flush();
                assertThat(socket.getInputStream().read()).isEqualTo('!');
            }
            assertThat(seenByServer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ADMIN CONTOSO\\ssoadmin");
        }
    }

    @Test
    void aClientCertificateFromAnotherCaIsRejectedByTheServer() throws Exception {
        ClusterCa ca = ClusterCa.create("prod");
        ClusterCa rogue = ClusterCa.create("prod");
        Path caPem = folder.resolve("ca.crt");
        ca.writeCertificatePem(caPem);
        Path roguePem = folder.resolve("rogue.crt");
        rogue.writeCertificatePem(roguePem);
        ca.issueNode("node1", "127.0.0.1", Set.of(NodeRole.SSO_SERVER)).writePkcs12(folder.resolve("n.p12"), PASSWORD);
        rogue.issueAdmin("intruder").writePkcs12(folder.resolve("r.p12"), PASSWORD);

        SSLContext server = context(folder.resolve("n.p12"), caPem);
        SSLContext client = context(folder.resolve("r.p12"), caPem);
        try (SSLServerSocket listener = listen(server)) {
            CompletableFuture<String> seenByServer = CompletableFuture.supplyAsync(() -> serveOnce(listener));
            try (SSLSocket socket = connect(client, listener.getLocalPort())) {
                assertThatThrownBy(() -> {
                            socket.startHandshake();
                            socket.getOutputStream().write('?');
                            socket.getOutputStream().flush();
                            socket.getInputStream().read();
                        })
                        .isInstanceOf(IOException.class);
            }
            assertThat(seenByServer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).startsWith("refused");
        }
    }

    private static SSLContext context(Path pkcs12, Path caPem) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static SSLServerSocket listen(SSLContext context) throws IOException {
        SSLServerSocket listener = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setNeedClientAuth(true);
        listener.setEnabledProtocols(new String[] {"TLSv1.3"});
        return listener;
    }

    private static SSLSocket connect(SSLContext context, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        SSLParameters parameters = socket.getSSLParameters();
        // Checks the server's iPAddress SAN against the address we dialled.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(new String[] {"TLSv1.3"});
        socket.setSSLParameters(parameters);
        return socket;
    }

    /** Accepts one connection; returns the client's kind and principal, or "refused: ..." if the handshake failed. */
    private static String serveOnce(SSLServerSocket listener) {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            try {
                socket.startHandshake();
                X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                CertificateIdentity identity = CertificateIdentity.of(peer);
                int request = socket.getInputStream().read();
                socket.getOutputStream().write(request == '?' ? '!' : 'x');
                socket.getOutputStream().flush();
                return identity.kind() + " " + identity.principal();
            } catch (IOException e) {
                return "refused: "
                        + new String(
                                String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8),
                                StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "accept failed: " + e;
        }
    }
}
