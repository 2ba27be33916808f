package org.entsso.sso.client;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The credentials of one account in one affiliate application, as {@code GET /v1/applications/{app}/credentials}
 * returns them: the external user name and the field values by ordinal (1..n-1), each as a {@code char[]} the caller
 * can wipe. {@link #clear()} (or {@link #close()}) zeroes every field; {@link #toString()} never shows a value.
 *
 * <p>Not thread-safe: one caller owns an instance, reads it and clears it.
 */
public final class SsoCredentials implements AutoCloseable {
    private final String application;
    private final String account;
    private final String externalUser;
    private final Map<Integer, char[]> fields;

    /** Takes ownership of the arrays in {@code fields}. */
    public SsoCredentials(String application, String account, String externalUser, Map<Integer, char[]> fields) {
        this.application = Objects.requireNonNull(application, "application");
        this.account = Objects.requireNonNull(account, "account");
        this.externalUser = Objects.requireNonNull(externalUser, "externalUser");
        this.fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /** The affiliate application. */
    public String application() {
        return application;
    }

    /** The Windows-style account ({@code DOMAIN\\user}) the credentials are mapped from. */
    public String account() {
        return account;
    }

    /** The user name in the affiliate application. */
    public String externalUser() {
        return externalUser;
    }

    /**
     * The value of field {@code ordinal} (1..n-1): the array itself, not a copy, so {@link #clear()} wipes what the
     * caller holds too.
     *
     * @throws IllegalArgumentException if the application has no such field
     */
    public char[] field(int ordinal) {
        char[] value = fields.get(ordinal);
        if (value == null) {
            throw new IllegalArgumentException(
                    "the credentials of " + application + " have no field " + ordinal + "; fields: " + fields.keySet());
        }
        return value;
    }

    /** Every field by ordinal, in order (unmodifiable map of the arrays themselves). */
    public Map<Integer, char[]> fields() {
        return fields;
    }

    /** Zeroes every field value. Idempotent. */
    public void clear() {
        fields.values().forEach(v -> Arrays.fill(v, '\0'));
    }

    /** Same as {@link #clear()}. */
    @Override
    public void close() {
        clear();
    }

    @Override
    public String toString() {
        return "SsoCredentials[" + application + ", " + account + " -> " + externalUser + ", fields " + fields.keySet()
                + "=<redacted>]";
    }
}
