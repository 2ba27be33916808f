package org.entsso.sso.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.TlsMaterial;

/**
 * Which ZooKeeper server of the local ensemble leads: asks each TLS client port the whitelisted four-letter word
 * {@code srvr} with the administrator's certificate and reads its {@code Mode:} line. Stateless; thread-safe.
 */
final class ZooKeeperModes {
    private static final int TIMEOUT_MILLIS = 3000;

    private ZooKeeperModes() {}

    /** The 0-based index in {@code ports} of the server that says {@code Mode: leader}, if one does. */
    static Optional<Integer> leader(TlsMaterial administrator, java.util.List<Integer> ports) {
        SSLContext context = administrator.peerContext(Set.of(CertificateKind.ZOOKEEPER));
        for (int i = 0; i < ports.size(); i++) {
            if (mode(context, ports.get(i)).map("leader"::equals).orElse(false)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> mode(SSLContext context, int port) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.startHandshake();
            socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                answer.write(buffer, 0, n);
            }
            for (String line : answer.toString(StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("Mode:")) {
                    return Optional.of(line.substring(5).trim());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not running, or not serving yet
        }
    }
}
