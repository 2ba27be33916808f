package org.entsso.sso.api.internal;

import java.io.IOException;
import java.util.Objects;
import java.util.UUID;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoException;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.transport.CallerHandler;
import org.entsso.sso.transport.Exchange;
import org.entsso.sso.transport.internal.JsonResponses;

/**
 * Adapts an {@link Endpoint} to the mutual-TLS server: builds the {@link ApiRequest}, answers SsoExceptions with
 * their ENTSSO code and HTTP status, a wrong method with 405 and {@code Allow}, and anything unexpected with a bare
 * 500 (logged here with the request id, never shown). Writes one access-log line per request with the principal,
 * method, path, status and request id only: never a body, a query value or a header that could carry a secret
 * (DESIGN.md decision 12). Thread-safe.
 */
public final class ApiHandler implements CallerHandler {
    private static final Logger ACCESS = LogManager.getLogger("org.entsso.sso.api.access");
    private static final Logger LOG = LogManager.getLogger(ApiHandler.class);

    private final Endpoint endpoint;
    private final ApiAuditor auditor;

    /** A handler whose answers are not audited. */
    public ApiHandler(Endpoint endpoint) {
        this(endpoint, null);
    }

    /** A handler whose answers {@code auditor} records (null: none). */
    public ApiHandler(Endpoint endpoint, ApiAuditor auditor) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.auditor = auditor;
    }

    @Override
    public void handle(Exchange exchange, CertificateIdentity caller) throws IOException {
        UUID fallbackId = UUID.randomUUID();
        String path = exchange.rawPath();
        int status = 0;
        UUID requestId = fallbackId;
        try (CloseableThreadContext.Instance context =
                CloseableThreadContext.put("principal", caller.principal()).put("requestId", fallbackId.toString())) {
            ApiRequest request = new ApiRequest(exchange, caller, fallbackId);
            if (auditor != null) {
                request.listen(auditor);
            }
            status = serve(request, context);
            requestId = request.requestId();
        } finally {
            ACCESS.info("{} {} {} -> {} ({})", caller.principal(), exchange.method(), path, status, requestId);
        }
    }

    private int serve(ApiRequest request, CloseableThreadContext.Instance context) throws IOException {
        try {
            request.parse();
            context.put("requestId", request.requestId().toString());
            if (auditor != null) {
                auditor.admit(request);
            }
            endpoint.serve(request);
        } catch (SsoException e) {
            if (request.status() == 0) {
                try {
                    request.respondError(e);
                } catch (SsoException auditFailed) {
                    request.respondError(auditFailed); // a fail-closed audit withheld the answer
                }
            }
        } catch (MethodNotAllowed e) {
            try {
                request.respondMethodNotAllowed(e.allow());
            } catch (SsoException auditFailed) {
                request.respondError(auditFailed);
            }
        } catch (RuntimeException e) {
            LOG.error("The API failed on {} {} (request {})", request.method(), request.path(), request.requestId(), e);
            if (request.status() == 0) {
                JsonResponses.bare(request.exchange(), 500);
                return 500;
            }
        }
        return request.status();
    }
}
