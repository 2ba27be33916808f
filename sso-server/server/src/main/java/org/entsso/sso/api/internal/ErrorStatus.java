package org.entsso.sso.api.internal;

import java.util.OptionalInt;
import org.entsso.sso.SsoError;

/**
 * The HTTP status of each ENTSSO error, as the table in sso-server/docs/api.md fixes it, and the {@code Retry-After}
 * of the retryable ones. The switch is exhaustive, so a new {@link SsoError} does not compile until it is given a
 * status here. Immutable.
 *
 * @param status the HTTP status
 * @param retryAfterSeconds the {@code Retry-After} value, for errors a client retries
 */
public record ErrorStatus(int status, OptionalInt retryAfterSeconds) {
    /** The status and retry hint for {@code error}. */
    public static ErrorStatus of(SsoError error) {
        return switch (error) {
            case INVALID_ARGUMENT, INCORRECT_MASTER_SECRET, BACKUP_FILE_FORMAT, INVALID_TICKET, TICKET_EXPIRED ->
                plain(400);
            case ACCESS_DENIED, NOT_SSO_ADMINISTRATOR -> plain(403);
            case NOT_FOUND, NO_MAPPING -> plain(404);
            case ALREADY_EXISTS, CONCURRENT_UPDATE, APPLICATION_DISABLED, MAPPING_DISABLED, REENCRYPTION_IN_PROGRESS ->
                plain(409);
            // The master secret server is away or moving: the client library retries within its deadline.
            case SECRET_NOT_AVAILABLE, FENCED, SECRET_SERVER_UNAVAILABLE, NO_SECRETS_FOUND, SECRET_STORE_UNREADABLE ->
                retry(1);
            // The database is away: retrying every second only adds load (anchors/entsso.md §6, row 7).
            case DATABASE_UNAVAILABLE, GOING_OFFLINE -> retry(5);
            // Every thread of the route's pool busy: another server, or this one a moment later, takes it.
            case SERVER_BUSY -> retry(1);
            // Stored data that fails authentication, or a status-only id: a server-side problem, named by its code.
            case DECRYPTION_FAILED, SECRET_NOT_BACKED_UP -> plain(500);
        };
    }

    private static ErrorStatus plain(int status) {
        return new ErrorStatus(status, OptionalInt.empty());
    }

    private static ErrorStatus retry(int seconds) {
        return new ErrorStatus(503, OptionalInt.of(seconds));
    }
}
