package org.entsso.sso.server;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.WindowsAccount;

/**
 * The encrypting writes (DESIGN.md decision 7): {@code SetCredentials} and {@code SetConfigInfo}. Only the active
 * master secret server runs them, fenced by its epoch; an SSO server's implementation forwards them to it over mutual
 * TLS. The contract is in sso-server/docs/api.md.
 *
 * <p>Every write carries a request id chosen by the client once per logical write and repeated on every retry: the
 * master secret server records it in the same transaction as the write, so a repeated id is answered as done without
 * applying anything again.
 *
 * <p>Errors ({@link org.entsso.sso.SsoException}): SECRET_NOT_AVAILABLE (10783) when no master secret server is
 * online or it cannot be reached: retryable, nothing was applied unless the same request id later reports done;
 * FENCED (15004) when the server lost its term mid-write: retryable; ACCESS_DENIED (11042), APPLICATION_NOT_FOUND (10756),
 * NO_MAPPING (10757), INVALID_ARGUMENT (15000): final.
 *
 * <p>Implementations are thread-safe. Secret arguments are only read, never kept or logged; the caller zeroes them.
 */
public interface EncryptingWrites {
    /**
     * Sets the credential fields (ordinals 1 and up; field 0 is the mapping's external user id) of {@code account}'s
     * mapping in {@code application}, and enables the mapping.
     *
     * @param caller the principal the request came from (its certificate's subject), who must own the mapping or
     *     administer the application
     * @return the step of the application's purge id that this write committed (for the purge signal, so that the
     *     other servers drop only this account's cached credentials); empty for a replayed request id or when the
     *     master secret server did not say
     */
    Optional<PurgeStep> setCredentials(
            String caller,
            UUID requestId,
            String application,
            WindowsAccount account,
            SortedMap<Integer, byte[]> fields);

    /**
     * Sets (inserts or replaces) the config-store item {@code identifier} of {@code application} to the property bag
     * {@code properties} (names to values, UTF-8 when encoded).
     *
     * @param caller the principal, who must administer the application (or be an SSO (affiliate) administrator)
     */
    void setConfigInfo(
            String caller, UUID requestId, String application, String identifier, Map<String, String> properties);
}
