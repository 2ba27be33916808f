package org.entsso.sso.tls.internal;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.NodeRole;

/**
 * A client's trust manager: the PKIX checks of its delegate (chain to the cluster CA, validity, key usage and, when the
 * connection asks for it, RFC 2818 host name verification), then the server certificate must be a node certificate
 * carrying the expected role. Refusing inside the handshake means no request, not even a GET, reaches a server that
 * merely holds some cluster certificate. Thread-safe: immutable.
 */
final class RoleTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final NodeRole role;

    RoleTrustManager(X509ExtendedTrustManager pkix, NodeRole role) {
        this.pkix = pkix;
        this.role = role;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
        checkRole(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
        checkRole(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        checkRole(chain);
    }

    private void checkRole(X509Certificate[] chain) throws CertificateException {
        CertificateIdentity identity;
        try {
            identity = CertificateIdentity.of(chain[0]);
        } catch (IllegalArgumentException e) {
            throw new MissingRoleException("the server certificate is not a cluster node certificate");
        }
        if (identity.kind() != CertificateKind.NODE || !identity.has(role)) {
            throw new MissingRoleException(
                    "the server certificate of " + identity.principal() + " lacks the role " + role.label());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
