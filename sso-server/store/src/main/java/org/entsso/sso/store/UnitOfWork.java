package org.entsso.sso.store;

/**
 * Work done inside one database transaction. The store opens the transaction, hands the unit a {@link StoreSession}
 * bound to it, commits when the unit returns and rolls back when it throws. A unit may run more than once when it is
 * {@link Idempotency#IDEMPOTENT} and a transient error occurs, so it must not have side effects outside the
 * database; and it must not keep the session or any repository after it returns.
 *
 * @param <T> what the unit returns
 */
@FunctionalInterface
public interface UnitOfWork<T> {
    /** Does the work; any exception rolls the transaction back and reaches the caller. */
    T run(StoreSession session);
}
