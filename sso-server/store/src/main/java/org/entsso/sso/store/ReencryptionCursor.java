package org.entsso.sso.store;

import java.util.Objects;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * A resumable position in the walk over encrypted rows: the table being walked and the last primary key done in
 * it. Persist {@link #token()} (for example in the global row) and {@link #parse} it after a restart or failover to
 * resume where the previous master secret server stopped. Immutable.
 *
 * @param table the table being walked
 * @param afterId rows with a larger id are still to do
 */
public record ReencryptionCursor(EncryptedTable table, long afterId) {
    public ReencryptionCursor {
        Objects.requireNonNull(table, "table");
        if (afterId < 0) {
            throw new IllegalArgumentException("afterId must not be negative");
        }
    }

    /** The beginning of the walk. */
    public static ReencryptionCursor start() {
        return new ReencryptionCursor(EncryptedTable.CREDENTIAL, 0);
    }

    /** A compact text form, e.g. {@code CREDENTIAL:1234}. */
    public String token() {
        return table.name() + ":" + afterId;
    }

    /** @throws SsoException INVALID_ARGUMENT for a token not made by {@link #token()} */
    public static ReencryptionCursor parse(String token) {
        int colon = token == null ? -1 : token.indexOf(':');
        try {
            return new ReencryptionCursor(
                    EncryptedTable.valueOf(token.substring(0, colon)), Long.parseLong(token.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "Not a re-encryption cursor: " + token, e);
        }
    }
}
