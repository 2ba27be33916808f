package org.entsso.sso.transport.internal;

import java.security.cert.X509Certificate;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.entsso.sso.tls.CertificateIdentity;

/** Who calls: the cluster identity in a request's verified client certificate. Stateless; thread-safe. */
final class Callers {
    /** The connection attribute that keeps the caller's identity. */
    private static final String CALLER = "org.entsso.caller";

    private Callers() {}

    /**
     * The caller named by the connection's verified client certificate, parsed once per connection and kept in
     * the connection's attributes: TLS 1.3 without post-handshake authentication cannot change the peer of a
     * connection, and parsing the subject on every request cost a lookup about a tenth of its server time. Null when
     * there is no client certificate, or it names no node, administrator or client of the cluster.
     */
    static CertificateIdentity of(Request request) {
        ConnectionMetaData connection = request.getConnectionMetaData();
        if (connection.getAttribute(CALLER) instanceof CertificateIdentity known) {
            return known;
        }
        CertificateIdentity caller = parseCaller(request);
        if (caller != null) {
            connection.setAttribute(CALLER, caller);
        }
        return caller;
    }

    private static CertificateIdentity parseCaller(Request request) {
        if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl)) {
            return null;
        }
        X509Certificate[] chain = ssl.peerCertificates();
        if (chain == null || chain.length == 0) {
            return null;
        }
        try {
            CertificateIdentity identity = CertificateIdentity.of(chain[0]);
            // A ZooKeeper or database server's certificate is for its own hops only: it is no caller of ours.
            return switch (identity.kind()) {
                case ZOOKEEPER, DATABASE -> null;
                case NODE, ADMIN, CLIENT -> identity;
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
