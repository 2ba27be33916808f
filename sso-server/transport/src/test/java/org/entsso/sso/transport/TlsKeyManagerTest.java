package org.entsso.sso.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.entsso.sso.crypto.IssuedCertificate;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.tls.internal.TlsContexts;
import org.junit.jupiter.api.Test;

/**
 * The key a TLS context presents, on real handshakes over loopback: read out of its key store once, when the context is
 * built, not again for every handshake. The PKIX key manager used before decrypted the password-protected entry
 * (PBKDF2) on every handshake, so a client reconnecting in a loop cost the server about 6 ms of CPU per connection
 * (issue 10, under attack).
 */
class TlsKeyManagerTest {
    private static final int HANDSHAKES = 4;

    private final TestPki pki = new TestPki();

    @Test
    void whenClientsHandshakeAgainAndAgain_thenTheServerPresentsTheSameKeyObjectEveryTime() throws Exception {
        IssuedCertificate issued =
                pki.ca.issueNode("node1", TestPki.LOOPBACK, Set.of(NodeRole.MASTER_SECRET_SERVER, NodeRole.SSO_SERVER));
        Recording keys = new Recording(TlsContexts.keyManager(issued.chain(), issued.privateKey()));
        SSLContext server = SSLContext.getInstance(TlsMaterial.PROTOCOL);
        server.init(new KeyManager[] {keys}, null, null);
        TlsMaterial alice = pki.client("LOCAL\\alice");

        ExecutorService acceptor = Executors.newSingleThreadExecutor();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, HANDSHAKES, InetAddress.getByName(TestPki.LOOPBACK))) {
            Future<?> served = acceptor.submit(() -> serve(listener));
            for (int i = 0; i < HANDSHAKES; i++) {
                // A new client context each time: no session to resume, so every handshake is a full one.
                SSLContext client = alice.clientContext(NodeRole.MASTER_SECRET_SERVER);
                try (SSLSocket socket =
                        (SSLSocket) client.getSocketFactory().createSocket(TestPki.LOOPBACK, listener.getLocalPort())) {
                    socket.setSoTimeout((int) TestPki.DEADLINE.toMillis());
                    socket.startHandshake();
                    assertThat(socket.getInputStream().read()).isEqualTo(-1); // the server closed after its handshake
                }
            }
            served.get(TestPki.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            acceptor.shutdownNow();
        }

        assertThat(keys.handedOut).hasSize(HANDSHAKES);
        for (PrivateKey key : keys.handedOut) {
            assertThat(key)
                    .as("the key handed to a later handshake is the first one, not decrypted again")
                    .isSameAs(keys.handedOut.get(0));
        }
    }

    private static Void serve(SSLServerSocket listener) throws IOException {
        for (int i = 0; i < HANDSHAKES; i++) {
            try (SSLSocket socket = (SSLSocket) listener.accept()) {
                socket.setSoTimeout((int) TestPki.DEADLINE.toMillis());
                socket.startHandshake();
            }
        }
        return null;
    }

    /** Passes every call on, and keeps each private key it hands to a handshake. */
    private static final class Recording extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;
        final List<PrivateKey> handedOut = new CopyOnWriteArrayList<>();

        Recording(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            PrivateKey key = keys.getPrivateKey(alias);
            handedOut.add(key);
            return key;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return keys.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return keys.chooseClientAlias(keyTypes, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return keys.chooseEngineClientAlias(keyTypes, issuers, engine);
        }
    }
}
