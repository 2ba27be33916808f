package org.entsso.sso.store;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.AppFlags;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * An affiliate application as stored.
 *
 * @param id the primary key
 * @param name the name as typed at creation
 * @param description free text
 * @param contact contact address
 * @param userGroups application users' groups
 * @param adminGroups application administrators' groups
 * @param flags ENTSSO application flags
 * @param numFields the number of fields
 * @param ticketTimeoutMinutes the per-application ticket timeout, if set
 * @param purgeId changes whenever the application's cached credentials must be purged on every server
 * @param type the application type, fixed at creation
 */
public record AffiliateApplication(
        long id,
        String name,
        Optional<String> description,
        Optional<String> contact,
        String userGroups,
        String adminGroups,
        int flags,
        int numFields,
        Optional<Integer> ticketTimeoutMinutes,
        UUID purgeId,
        AppType type) {

    /** Whether the application is enabled. */
    public boolean enabled() {
        return (flags & AppFlags.ENABLED) != 0;
    }

    /** Whether every bit of {@code bits} is set in the application's flags. */
    public boolean has(int bits) {
        return AppFlags.has(flags, bits);
    }

    /** The longest application name the schema holds. */
    public static final int MAX_NAME_LENGTH = 260;

    /**
     * Checks an application name: non-blank, no whitespace, at most 260 characters.
     *
     * @throws SsoException INVALID_ARGUMENT otherwise
     */
    public static String requireApplicationName(String name) {
        Names.requireName("application name", name, MAX_NAME_LENGTH);
        if (name.chars().anyMatch(Character::isWhitespace)) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "An application name must not contain spaces: " + name);
        }
        // The unique index is on UPPER(name) in a column of the same width, and upper-casing can lengthen a name
        // (ß -> SS, ﬃ -> FFI): such a name failed in the database as an HTTP 500 with an empty body (issue 9 item 11).
        if (name.toUpperCase(Locale.ROOT).length() > MAX_NAME_LENGTH) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "An application name must be at most " + MAX_NAME_LENGTH
                            + " characters also when upper-cased (ß becomes SS, for example)");
        }
        return name;
    }
}
