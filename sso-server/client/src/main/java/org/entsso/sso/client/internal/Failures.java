package org.entsso.sso.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.entsso.sso.SsoError;
import org.entsso.sso.client.SsoClientException;

/**
 * Turns answers and I/O failures into {@link SsoClientException}s and log-sized descriptions. Messages name servers,
 * codes and reasons, never a body that could hold a secret. Stateless.
 */
public final class Failures {
    /** The code reported for an answer without an ENTSSO error body (a bare 500, a proxy's page). */
    public static final int NO_CODE = 0;

    private Failures() {}

    /** Whether a failed answer may succeed on another server or later: any 503 (docs/api.md: retryable). */
    public static boolean retryable(Answer answer) {
        return answer.status() == 503;
    }

    /** The exception for a final (non-retried) error answer. */
    public static SsoClientException of(Answer answer) {
        Wire.ErrorBody error = Wire.readError(answer.body());
        if (error == null) {
            return new SsoClientException(
                    NO_CODE,
                    "The SSO server answered HTTP " + answer.status()
                            + " without an ENTSSO error; its log has the details.",
                    answer.server(),
                    answer.status(),
                    null);
        }
        return new SsoClientException(error.code(), error.message(), answer.server(), answer.status(), null);
    }

    /** The sentence of {@code e}, without the "[code] " prefix and the "(server ...)" suffix its message carries. */
    public static String messageOf(SsoClientException e) {
        String m = e.getMessage();
        String prefix = "[" + e.code() + "] ";
        if (m.startsWith(prefix)) {
            m = m.substring(prefix.length());
        }
        String suffix = e.server().map(s -> " (server " + s + ")").orElse("");
        if (!suffix.isEmpty() && m.endsWith(suffix)) {
            m = m.substring(0, m.length() - suffix.length());
        }
        return m;
    }

    /** The ENTSSO code of an error answer, {@link #NO_CODE} if it has none. */
    public static int code(Answer answer) {
        Wire.ErrorBody error = Wire.readError(answer.body());
        return error == null ? NO_CODE : error.code();
    }

    /** A short description of a failed answer for logs and final messages. */
    public static String describe(Answer answer) {
        Wire.ErrorBody error = Wire.readError(answer.body());
        return answer.server() + " answered " + answer.status()
                + (error == null ? "" : " [" + error.code() + "] " + error.message());
    }

    /** A short description of an I/O failure for logs and final messages. */
    public static String describe(URI server, IOException failure) {
        return server + ": " + reason(failure);
    }

    /** Whether the request certainly never reached the server (so it cannot have been applied). */
    public static boolean neverSent(IOException failure) {
        return find(failure, ConnectException.class) != null
                || find(failure, HttpConnectTimeoutException.class) != null
                || find(failure, SSLHandshakeException.class) != null;
    }

    /** The exception for a call that was interrupted. */
    public static SsoClientException interrupted(String what) {
        return new SsoClientException(
                SsoError.SECRET_SERVER_UNAVAILABLE.code(), "Interrupted while " + what + ".", null, 0, null);
    }

    private static String reason(IOException failure) {
        if (find(failure, HttpConnectTimeoutException.class) != null) {
            return "no connection within the connect timeout";
        }
        if (find(failure, HttpTimeoutException.class) != null) {
            return "no answer within the request timeout";
        }
        if (find(failure, ConnectException.class) != null) {
            return "connection refused or unreachable";
        }
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            return "the TLS handshake failed: " + tls.getMessage();
        }
        return "the connection failed without an answer (" + failure + ")";
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
