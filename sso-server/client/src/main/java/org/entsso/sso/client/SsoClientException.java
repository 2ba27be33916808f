package org.entsso.sso.client;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import org.entsso.sso.SsoError;

/**
 * An error the client library reports to its caller: the ENTSSO event id the SSO server answered with (or the one the
 * library chose, such as 10783 when the master secret server could not be reached within the write deadline), and the
 * sentence that says what to do. The message never carries a secret (DESIGN.md decision 12).
 *
 * <p>Final errors (4xx) are thrown at once; errors the library retried (connection failures, timeouts, 503) are
 * thrown only once the request timeout (reads) or the write deadline (writes) is used up.
 *
 * <p>Immutable; thread-safe.
 */
public class SsoClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final int httpStatus;
    private final URI server;

    /**
     * @param code the ENTSSO event id, e.g. 11042
     * @param message the sentence, without the code
     * @param server the SSO server that answered, or null when none did
     * @param httpStatus the HTTP status answered, 0 when there was no answer
     * @param cause the underlying failure, or null
     */
    public SsoClientException(int code, String message, URI server, int httpStatus, Throwable cause) {
        super("[" + code + "] " + message + (server == null ? "" : " (server " + server + ")"), cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.server = server;
    }

    /** The ENTSSO event id, e.g. 10783. */
    public int code() {
        return code;
    }

    /** The known {@link SsoError} with this {@link #code()}, if any. */
    public Optional<SsoError> error() {
        return Arrays.stream(SsoError.values()).filter(e -> e.code() == code).findFirst();
    }

    /** The HTTP status of the answer that ended the call; 0 when no server answered. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The SSO server whose answer ended the call, if one answered. */
    public Optional<URI> server() {
        return Optional.ofNullable(server);
    }
}
