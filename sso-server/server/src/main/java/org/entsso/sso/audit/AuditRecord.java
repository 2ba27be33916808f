package org.entsso.sso.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One SSO AUDIT record, ENTSSO's event 10535/10536 fields (anchors/entsso.md §3, "Auditing"): the function, the
 * tracking id (our request id), the client computer (its IP address), the client user (the certificate's principal),
 * the application (empty when the function has none) and the error code (0 for success). Never a credential, a
 * ticket, a property value or a query string.
 *
 * @param at when the operation was answered
 * @param function the operation, e.g. {@code GetCredentials}
 * @param trackingId the request id ({@code X-Request-Id})
 * @param clientComputer the client's IP address
 * @param clientUser the caller's principal
 * @param application the application name, or empty
 * @param errorCode the ENTSSO id answered, 0 for success
 */
public record AuditRecord(
        Instant at,
        String function,
        String trackingId,
        String clientComputer,
        String clientUser,
        String application,
        int errorCode) {
    public AuditRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(function, "function");
        trackingId = trackingId == null ? "" : trackingId;
        clientComputer = clientComputer == null ? "" : clientComputer;
        clientUser = clientUser == null ? "" : clientUser;
        application = application == null ? "" : application;
    }

    /** Whether the operation succeeded. */
    public boolean succeeded() {
        return errorCode == 0;
    }
}
