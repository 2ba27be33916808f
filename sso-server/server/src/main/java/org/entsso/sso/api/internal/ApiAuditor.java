package org.entsso.sso.api.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.audit.AuditFunction;
import org.entsso.sso.audit.AuditLevels;
import org.entsso.sso.audit.AuditRecord;
import org.entsso.sso.audit.SsoAudit;

/**
 * Writes the SSO AUDIT record of each API answer that the global audit levels select, just before the answer is sent
 * (so a fail-closed audit that cannot write withholds the answer: 503 10500). While the last record failed less than
 * {@link #RETRY_WRITES_AFTER} ago, a fail-closed audit also refuses every request other than a GET before it runs,
 * so at most one change a second is applied without its record while the audit file cannot be written. Thread-safe.
 */
public final class ApiAuditor implements ApiRequest.AnswerListener {
    /** How long writes are refused up front after a record could not be written. */
    public static final Duration RETRY_WRITES_AFTER = Duration.ofSeconds(1);

    private final SsoAudit audit;
    private final Supplier<AuditLevels> levels;
    private final Clock clock;
    private volatile Instant lastFailure = Instant.MIN;

    public ApiAuditor(SsoAudit audit, Supplier<AuditLevels> levels, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.levels = Objects.requireNonNull(levels, "levels");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Refuses a change up front while a fail-closed audit cannot write (see the class). */
    void admit(ApiRequest request) {
        if (audit.failClosed()
                && !request.method().equals("GET")
                && clock.instant().isBefore(lastFailure.plus(RETRY_WRITES_AFTER))) {
            throw new SsoException(
                    SsoError.AUDIT_FAILED,
                    "The SSO AUDIT log cannot be written; with fail-closed audit changes are refused until it can be.");
        }
    }

    @Override
    public void beforeAnswer(ApiRequest request, int status, int code) {
        Optional<AuditFunction> function =
                request.auditFunction().or(() -> AuditFunction.of(request.method(), request.segmentsOrEmpty()));
        if (function.isEmpty()) {
            return;
        }
        boolean succeeded = status < 400 && code == 0;
        if (!levels.get().records(function.get(), succeeded)) {
            return;
        }
        AuditRecord record = new AuditRecord(
                clock.instant(),
                function.get().text(),
                request.requestId().toString(),
                request.remoteAddress(),
                request.principal(),
                AuditFunction.applicationOf(request.segmentsOrEmpty()),
                succeeded ? 0 : (code == 0 ? status : code));
        try {
            audit.write(record);
        } catch (SsoException e) {
            lastFailure = clock.instant();
            if (code != SsoError.AUDIT_FAILED.code()) {
                throw e;
            }
            // Answering the audit failure itself: its record cannot be written either, and the answer must go out.
        }
    }
}
