package org.entsso.cluster.internal.zk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.zookeeper.client.ConnectStringParser;
import org.apache.zookeeper.common.ClientX509Util;
import org.apache.zookeeper.common.SSLContextAndOptions;
import org.apache.zookeeper.common.X509Exception;
import org.apache.zookeeper.common.X509Util;
import org.entsso.cluster.ZkTls;

/**
 * Says why a TLS connection to ZooKeeper did not open, once it has not: ZooKeeper's client only logs a failed
 * handshake and tries the next server, so a client whose certificate the ensemble refuses would otherwise report no
 * more than "could not be reached". The probe builds an SSL context from the same {@link ZkClientConfigs#tls}
 * configuration (ZooKeeper's own loaders), then dials the servers in turn with a plain {@link SSLSocket}, host name
 * verification on as ZooKeeper's Netty client has it, until one answers at the TLS level.
 *
 * <p>Under TLS 1.3 the client's side of the handshake ends before the server has checked the client's certificate, so
 * a refused certificate shows only as an alert on the first read. The probe therefore sends ZooKeeper's read-only
 * four-letter word {@code srvr} after the handshake: any answer (the statistics, or the sentence saying the word is not
 * whitelisted) proves the server accepted this client, an alert proves it did not, and silence proves nothing (a slow
 * server), so the next server is asked. Stateless; thread-safe.
 */
final class TlsProbe {
    /** Generous too: a probe that gives up early reports "could not be reached" instead of the refused certificate. */
    private static final int CONNECT_MILLIS = 5000;
    /** Generous: a cold server on a loaded machine has been seen to take over 3 s for its first handshake. */
    private static final int ANSWER_MILLIS = 5000;

    private static final byte[] SRVR = "srvr".getBytes(StandardCharsets.US_ASCII);

    private TlsProbe() {}

    /**
     * Why ZooKeeper's client could not use {@code tls} (a missing file, a wrong password, a store of another type), as
     * a clause after "ZooKeeper at X ..."; empty when the files load. Checked before connecting, so that a mistake in
     * the files is reported at once instead of after the connection timeout.
     */
    static Optional<String> unusableFiles(ZkTls tls) {
        try {
            context(tls);
            return Optional.empty();
        } catch (X509Exception.SSLContextException | RuntimeException e) {
            return Optional.of(filesProblem(tls, e));
        }
    }

    /**
     * The reason, as a clause after "ZooKeeper at X ...", when the TLS files cannot be used or a server refused the
     * handshake; empty when no server could be dialled or one accepted it (the problem is elsewhere).
     */
    static Optional<String> diagnose(String connectString, ZkTls tls) {
        SSLContextAndOptions context;
        try {
            context = context(tls);
        } catch (X509Exception.SSLContextException | RuntimeException e) {
            return Optional.of(filesProblem(tls, e));
        }
        for (InetSocketAddress server : new ConnectStringParser(connectString).getServerAddresses()) {
            Outcome outcome = probe(context, server.getHostString(), server.getPort());
            if (outcome instanceof Refused refused) {
                return Optional.of(refused.reason());
            }
            if (outcome instanceof Accepted) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String filesProblem(ZkTls tls, Exception e) {
        return "cannot be reached over TLS: the files of " + tls + " cannot be used (" + rootMessage(e) + ")";
    }

    private static SSLContextAndOptions context(ZkTls tls) throws X509Exception.SSLContextException {
        try (X509Util x509 = new ClientX509Util()) {
            return x509.createSSLContextAndOptions(ZkClientConfigs.tls(tls));
        }
    }

    /** What one server made of the handshake. */
    private sealed interface Outcome permits Unreachable, Accepted, Refused {}

    /** No verdict (not listening, reset, silent): the next server may give one. */
    private record Unreachable() implements Outcome {}

    /** The server accepted this client: the problem is not TLS. */
    private record Accepted() implements Outcome {}

    /** The handshake failed; {@code reason} says how. */
    private record Refused(String reason) implements Outcome {}

    private static Outcome probe(SSLContextAndOptions context, String host, int port) {
        String server = host + ":" + port;
        try (SSLSocket socket = context.createSSLSocket()) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            socket.setSoTimeout(ANSWER_MILLIS);
            try {
                socket.startHandshake();
            } catch (SSLException e) {
                return new Refused(handshakeFailed(server, e));
            } catch (SocketTimeoutException e) {
                return new Unreachable(); // silent: a slow server, no verdict
            } catch (SocketException e) {
                // Connected, then dropped mid-handshake: under TLS 1.3 a server that refuses the certificate in this
                // client's last flight may close before the flight is written ("Broken pipe", "Connection reset").
                return droppedDuringHandshake(server, e);
            } catch (IOException e) {
                return new Unreachable();
            }
            return afterHandshake(socket, server);
        } catch (IOException e) {
            return new Unreachable();
        }
    }

    /**
     * Asks {@code srvr} on a socket whose handshake ended on our side. A server that refuses the certificate sends an
     * alert and closes; the alert may be lost to the reset our request provokes, so a connection that ends without an
     * answer counts as refused too: a plaintext port would have failed the handshake itself.
     */
    private static Outcome afterHandshake(SSLSocket socket, String server) {
        try {
            socket.getOutputStream().write(SRVR);
            socket.getOutputStream().flush();
            if (socket.getInputStream().read() >= 0) {
                return new Accepted();
            }
        } catch (SSLException e) {
            return new Refused("refused the TLS handshake: " + server + " did not accept this client's certificate ("
                    + rootMessage(e) + "); the certificate must be issued by the cluster CA");
        } catch (SocketTimeoutException e) {
            return new Unreachable(); // a slow server: no verdict
        } catch (IOException e) {
            return closedWithoutAnswer(server); // reset
        }
        return closedWithoutAnswer(server);
    }

    private static Outcome droppedDuringHandshake(String server, SocketException e) {
        return new Refused("refused the TLS handshake: " + server + " did not accept this client's certificate (it"
                + " closed the connection while the certificate was sent: " + rootMessage(e) + "); the certificate"
                + " must be issued by the cluster CA");
    }

    private static Outcome closedWithoutAnswer(String server) {
        return new Refused("refused the TLS handshake: " + server + " closed the connection without an answer once it"
                + " had this client's certificate; the certificate must be issued by the cluster CA");
    }

    private static String handshakeFailed(String server, SSLException e) {
        if (causedBy(e, CertificateException.class)) {
            return "refused the TLS handshake: this client does not trust the certificate of " + server + " ("
                    + rootMessage(e) + "); it must be issued by the cluster CA of the trust store and name the host"
                    + " dialled";
        }
        return "refused the TLS handshake: the handshake with " + server + " failed (" + rootMessage(e)
                + "); is it a TLS port, and is this client's certificate issued by the cluster CA?";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
