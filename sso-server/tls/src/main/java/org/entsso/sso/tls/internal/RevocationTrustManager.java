package org.entsso.sso.tls.internal;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.entsso.sso.tls.RevocationCheck;

/**
 * The checks of its delegate, then the peer's certificate must not be on the cluster CA's revocation list: a revoked
 * client or node certificate fails the handshake, so no request from it reaches a handler (and a revoked server is
 * never sent one). Thread-safe: immutable.
 */
final class RevocationTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final RevocationCheck revoked;

    RevocationTrustManager(X509ExtendedTrustManager delegate, RevocationCheck revoked) {
        this.delegate = delegate;
        this.revoked = revoked;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        for (X509Certificate certificate : chain) {
            if (revoked.isRevoked(certificate)) {
                throw new CertificateException("the certificate of "
                        + certificate.getSubjectX500Principal().getName() + " (serial "
                        + certificate.getSerialNumber().toString(16) + ") is revoked");
            }
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
