package org.entsso.sso.store.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.WriteRequestRepository;
import org.hibernate.Session;

/** Request ids through Hibernate. Not thread-safe. */
final class HibernateWriteRequestRepository implements WriteRequestRepository {
    private static final int MAX_PRINCIPAL_LENGTH = 256;
    private static final int MAX_OPERATION_LENGTH = 32;

    private final Session session;

    HibernateWriteRequestRepository(Session session) {
        this.session = session;
    }

    @Override
    public void record(UUID requestId, String principal, String operation, Instant at) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(at, "at");
        requireText("principal", principal, MAX_PRINCIPAL_LENGTH);
        requireText("operation", operation, MAX_OPERATION_LENGTH);
        // No read first: a replay is rare, and every write would pay the round trip (issue 14). The primary key
        // refuses a recorded id, and the store reports it as ALREADY_EXISTS.
        WriteRequestEntity e = new WriteRequestEntity();
        e.requestId = requestId.toString();
        e.principal = principal;
        e.operation = operation;
        e.appliedAt = at;
        session.persist(e);
        // Insert now, so that a concurrent duplicate meets the primary key here and not at some later flush.
        session.flush();
    }

    @Override
    public boolean isRecorded(UUID requestId) {
        return session.find(WriteRequestEntity.class, requestId.toString()) != null;
    }

    @Override
    public int pruneBefore(Instant cutoff) {
        return session.createMutationQuery("delete from WriteRequestEntity w where w.appliedAt < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate();
    }

    private static void requireText(String what, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT, "The " + what + " of a write must be 1 to " + max + " characters.");
        }
    }
}
