package org.entsso.sso.client;

import java.util.List;
import java.util.Objects;

/**
 * An individual affiliate application to create ({@code POST /v1/applications}). It is created disabled, as in ENTSSO;
 * enable it with {@link SsoClient#enableApplication}. Immutable.
 *
 * @param name the application name
 * @param description free text
 * @param contact an administrator's contact, e.g. an e-mail address
 * @param userGroups the application users group(s)
 * @param adminGroups the application administrators group(s)
 * @param fields the credential fields in order: field 0 is the user id, the others are the secret fields 1..n-1
 */
public record NewApplication(
        String name, String description, String contact, String userGroups, String adminGroups, List<Field> fields) {

    /** One credential field: its display name and whether user interfaces mask it. */
    public record Field(String name, boolean masked) {
        public Field {
            Objects.requireNonNull(name, "name");
        }
    }

    public NewApplication {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        contact = contact == null ? "" : contact;
        Objects.requireNonNull(userGroups, "userGroups");
        Objects.requireNonNull(adminGroups, "adminGroups");
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("an application needs at least its user id field");
        }
    }

    /** An application with the usual two fields, {@code User Id} and a masked {@code Password}. */
    public static NewApplication withUserIdAndPassword(String name, String userGroups, String adminGroups) {
        return new NewApplication(
                name,
                "",
                "",
                userGroups,
                adminGroups,
                List.of(new Field("User Id", false), new Field("Password", true)));
    }
}
