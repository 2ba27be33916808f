package org.entsso.sso.server;

import org.entsso.sso.crypto.ValueBinding;
import org.entsso.sso.store.EncryptedRow;

/**
 * The one convention for binding stored values to their rows (DESIGN.md decision 4), shared by the lookup path, the
 * master secret server's writes and re-encryption. Everything is keyed by database identifiers, because those are what
 * an {@link EncryptedRow} carries, so re-encryption rebuilds a binding without extra queries, and because they never
 * change while the row lives (names are matched case-insensitively and could be typed differently):
 *
 * <ul>
 *   <li>credential field {@code n} of mapping {@code m} of application {@code a}: application {@code "a"} (the decimal
 *       id), identifier {@code "mapping:m"}, ordinal {@code n};
 *   <li>config item {@code id} of application {@code a}: application {@code "a"}, identifier {@code "config:id"},
 *       ordinal 0 (the whole property bag is one value).
 * </ul>
 *
 * <p>A ciphertext copied to another mapping, field, item or application therefore fails authentication. Stateless.
 */
public final class ValueBindings {
    private ValueBindings() {}

    /** The binding of credential field {@code fieldOrdinal} of mapping {@code mappingId}. */
    public static ValueBinding credential(long applicationId, long mappingId, int fieldOrdinal) {
        return ValueBinding.of(Long.toString(applicationId), "mapping:" + mappingId, fieldOrdinal);
    }

    /** The binding of the config item {@code identifier} of an application. */
    public static ValueBinding configItem(long applicationId, String identifier) {
        return ValueBinding.of(Long.toString(applicationId), "config:" + identifier, 0);
    }

    /** The binding of a row found for re-encryption. */
    public static ValueBinding of(EncryptedRow row) {
        return switch (row.table()) {
            case CREDENTIAL ->
                credential(
                        row.applicationId(),
                        row.mappingId()
                                .orElseThrow(() -> new IllegalArgumentException("A credential row has no mapping")),
                        row.fieldOrdinal()
                                .orElseThrow(() -> new IllegalArgumentException("A credential row has no field")));
            case CONFIG_ITEM ->
                configItem(
                        row.applicationId(),
                        row.configIdentifier()
                                .orElseThrow(() -> new IllegalArgumentException("A config row has no identifier")));
        };
    }
}
