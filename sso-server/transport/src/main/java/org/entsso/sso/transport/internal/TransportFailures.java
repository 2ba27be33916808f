package org.entsso.sso.transport.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.tls.internal.MissingRoleException;

/**
 * Turns I/O failures of a call to the master secret server into 10532 errors that say why in operator terms. The JDK's
 * TLS messages name hosts, roles and alerts, never key material, so the innermost certificate message is kept.
 * Stateless.
 */
public final class TransportFailures {
    private TransportFailures() {}

    /** The {@link SsoError#SECRET_SERVER_UNAVAILABLE} error for a failed call to {@code endpoint}. */
    public static SsoException unreachable(URI endpoint, IOException failure) {
        return new SsoException(SsoError.SECRET_SERVER_UNAVAILABLE, endpoint + " (" + reason(failure) + ")", failure);
    }

    /** Why a call failed, in operator terms (names hosts, roles and alerts; never key material). */
    public static String reason(IOException failure) {
        MissingRoleException role = find(failure, MissingRoleException.class);
        if (role != null) {
            return "refused the server: " + role.getMessage();
        }
        CertificateException certificate = find(failure, CertificateException.class);
        if (certificate != null) {
            return "refused the server's certificate: " + certificate.getMessage();
        }
        if (find(failure, HttpConnectTimeoutException.class) != null) {
            return "no connection within the connect timeout";
        }
        if (find(failure, HttpTimeoutException.class) != null) {
            return "no answer within the read timeout";
        }
        if (find(failure, ConnectException.class) != null) {
            return "connection refused or unreachable";
        }
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            String message = String.valueOf(tls.getMessage());
            if (message.contains("certificate_unknown")
                    || message.contains("bad_certificate")
                    || message.contains("certificate_required")) {
                return "the server refused this node's certificate (" + message
                        + "): it must chain to the cluster CA the server trusts";
            }
            return "the TLS handshake failed: " + message;
        }
        return "the connection closed without an answer (" + failure.getMessage()
                + "); if the server is up, it may not accept this node's certificate";
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
