package org.entsso.sso.tls.internal;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.CertificateKind;

/**
 * The PKIX checks of its delegate (chain to the cluster CA, validity, key usage and, when the connection asks for it,
 * host name verification), then the peer's certificate must be of one of the accepted {@link CertificateKind}s, as a
 * client checks a server and as a server checks a client alike. Used by the SSO database's TLS tunnel: its server
 * accepts node and admin certificates, its clients accept only a database certificate, so that no other cluster
 * certificate gets through the handshake (DESIGN.md decision 13). Thread-safe: immutable.
 */
final class PeerKindTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final Set<CertificateKind> accepted;

    PeerKindTrustManager(X509ExtendedTrustManager pkix, Set<CertificateKind> accepted) {
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException("at least one certificate kind must be accepted");
        }
        this.pkix = pkix;
        this.accepted = EnumSet.copyOf(accepted);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
        checkKind(chain, "server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
        checkKind(chain, "server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        checkKind(chain, "server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
        checkKind(chain, "client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
        checkKind(chain, "client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        checkKind(chain, "client");
    }

    private void checkKind(X509Certificate[] chain, String peer) throws CertificateException {
        CertificateIdentity identity;
        try {
            identity = CertificateIdentity.of(chain[0]);
        } catch (IllegalArgumentException e) {
            throw new CertificateException("the " + peer + " certificate is not a cluster certificate");
        }
        if (!accepted.contains(identity.kind())) {
            throw new CertificateException("the " + peer + " certificate of " + identity.principal() + " is of kind "
                    + identity.kind().label() + "; accepted here: " + labels());
        }
    }

    private String labels() {
        return accepted.stream().map(CertificateKind::label).collect(Collectors.joining(", "));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
