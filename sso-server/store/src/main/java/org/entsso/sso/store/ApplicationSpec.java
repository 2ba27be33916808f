package org.entsso.sso.store;

/**
 * What an affiliate application is created with. Name and number of fields are fixed after creation.
 *
 * @param name unique case-insensitively, stored as typed; no spaces; at most 260 characters
 * @param description free text, optional
 * @param contact a contact address, optional
 * @param userGroups the application users' groups (semicolon-separated account names)
 * @param adminGroups the application administrators' groups
 * @param flags ENTSSO application flags
 * @param numFields the number of fields, at least 1 (field 0 is the external user id)
 * @param type the application type
 */
public record ApplicationSpec(
        String name,
        String description,
        String contact,
        String userGroups,
        String adminGroups,
        int flags,
        int numFields,
        AppType type) {

    /** @throws org.entsso.sso.SsoException INVALID_ARGUMENT for a bad name, group list or field count */
    public ApplicationSpec {
        AffiliateApplication.requireApplicationName(name);
        Names.optional("description", description, 1024);
        Names.optional("contact", contact, 256);
        Names.requireName("userGroups", userGroups, 1024);
        Names.requireName("adminGroups", adminGroups, 1024);
        java.util.Objects.requireNonNull(type, "type");
        if (numFields < 1) {
            throw new org.entsso.sso.SsoException(
                    org.entsso.sso.SsoError.INVALID_ARGUMENT, "numFields must be at least 1 (the external user id)");
        }
    }

    /** An individual application. */
    public ApplicationSpec(
            String name,
            String description,
            String contact,
            String userGroups,
            String adminGroups,
            int flags,
            int numFields) {
        this(name, description, contact, userGroups, adminGroups, flags, numFields, AppType.INDIVIDUAL);
    }
}
