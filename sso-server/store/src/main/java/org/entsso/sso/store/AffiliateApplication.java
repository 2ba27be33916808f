package org.entsso.sso.store;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
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
        UUID purgeId) {

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
