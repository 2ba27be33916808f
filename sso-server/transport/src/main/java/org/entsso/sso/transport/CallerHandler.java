package org.entsso.sso.transport;

import java.io.IOException;
import org.entsso.sso.tls.CertificateIdentity;

/**
 * Handles one request on a {@link MutualTlsServer}, knowing who sent it. The caller's identity is read from the client
 * certificate chain the TLS handshake has already validated against the cluster CA (DESIGN.md decision 11); handlers
 * authorise on it and never on anything the request body claims.
 *
 * <p>Implementations are called concurrently from the threads of their route's {@link WorkPool} and must be
 * thread-safe. An exception escaping the handler is logged by the server and answered with a bare 500 (no stack trace,
 * no message).
 */
@FunctionalInterface
public interface CallerHandler {
    /** Answers {@code exchange}, which {@code caller} sent. */
    void handle(Exchange exchange, CertificateIdentity caller) throws IOException;
}
