package org.entsso.sso.client;

import java.util.List;
import java.util.Objects;

/**
 * An affiliate application to create ({@code POST /v1/applications}). It is created disabled, as in ENTSSO;
 * enable it with {@link SsoClient#enableApplication}. Immutable.
 *
 * @param name the application name
 * @param description free text
 * @param contact an administrator's contact, e.g. an e-mail address
 * @param userGroups the application users group(s)
 * @param adminGroups the application administrators group(s)
 * @param fields the credential fields in order: field 0 is the user id, the others are the secret fields 1..n-1; in a
 *     Config Store application, the property definitions (the first one is never masked)
 * @param type {@code individual}, {@code group}, {@code hostGroup} or {@code configStore} (docs/api.md)
 */
public record NewApplication(
        String name,
        String description,
        String contact,
        String userGroups,
        String adminGroups,
        List<Field> fields,
        String type) {

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
        type = type == null ? "individual" : type;
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("an application needs at least its user id field");
        }
    }

    /** An Individual application. */
    public NewApplication(
            String name,
            String description,
            String contact,
            String userGroups,
            String adminGroups,
            List<Field> fields) {
        this(name, description, contact, userGroups, adminGroups, fields, "individual");
    }

    /**
     * A Config Store application whose items hold {@code properties} (names; the masked ones hidden in admin mode),
     * e.g. a receive location's or send port's settings.
     */
    public static NewApplication configStore(
            String name, String userGroups, String adminGroups, List<Field> properties) {
        return new NewApplication(name, "", "", userGroups, adminGroups, properties, "configStore");
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
