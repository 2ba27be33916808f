package org.entsso.sso.server;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.entsso.sso.store.WindowsAccount;

/**
 * The result of a credential lookup: the external user id (field 0, not a secret) and the decrypted credential fields
 * by ordinal (1 and up). {@link #toString()} shows the account, the external user and the field ordinals only.
 *
 * <p>Thread-safe for reading. {@link #clear()} zeroes every field; a caller may call it when done.
 */
public final class Credentials {
    private final String application;
    private final WindowsAccount account;
    private final String externalUser;
    private final SortedMap<Integer, SecretBytes> fields;

    /** Takes ownership of the field values. */
    public Credentials(
            String application, WindowsAccount account, String externalUser, SortedMap<Integer, SecretBytes> fields) {
        this.application = Objects.requireNonNull(application, "application");
        this.account = Objects.requireNonNull(account, "account");
        this.externalUser = Objects.requireNonNull(externalUser, "externalUser");
        this.fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    }

    /** The affiliate application, as stored. */
    public String application() {
        return application;
    }

    /** The Windows account the credentials belong to. */
    public WindowsAccount account() {
        return account;
    }

    /** The external user id (field 0). */
    public String externalUser() {
        return externalUser;
    }

    /** The decrypted credential fields by ordinal. */
    public SortedMap<Integer, SecretBytes> fields() {
        return fields;
    }

    /** Field {@code ordinal}. */
    public SecretBytes field(int ordinal) {
        SecretBytes value = fields.get(ordinal);
        if (value == null) {
            throw new IllegalArgumentException("No credential field " + ordinal + " in " + application);
        }
        return value;
    }

    /** A deep copy, independent of this one's {@link #clear()}. */
    public Credentials copy() {
        SortedMap<Integer, SecretBytes> copies = new TreeMap<>();
        fields.forEach((ordinal, value) -> copies.put(ordinal, value.copy()));
        return new Credentials(application, account, externalUser, copies);
    }

    /** Zeroes every field. Idempotent. */
    public void clear() {
        fields.values().forEach(SecretBytes::clear);
    }

    @Override
    public String toString() {
        return "Credentials[" + application + ", " + account + " -> " + externalUser + ", fields " + fields.keySet()
                + " <redacted>]";
    }
}
