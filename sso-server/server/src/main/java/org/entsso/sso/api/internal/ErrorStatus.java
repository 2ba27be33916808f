package org.entsso.sso.api.internal;

import java.util.OptionalInt;
import org.entsso.sso.SsoError;

/**
 * The HTTP status of each ENTSSO error, as the table in sso-server/docs/api.md fixes it, and the {@code Retry-After}
 * of the retryable ones. Immutable.
 *
 * @param status the HTTP status
 * @param retryAfterSeconds the {@code Retry-After} value, for errors a client retries
 */
public record ErrorStatus(int status, OptionalInt retryAfterSeconds) {
    /** The status and retry hint for {@code error} ({@link SsoError#httpStatus()}, one table for every server). */
    public static ErrorStatus of(SsoError error) {
        int retry = error.retryAfterSeconds();
        return new ErrorStatus(error.httpStatus(), retry > 0 ? OptionalInt.of(retry) : OptionalInt.empty());
    }
}
