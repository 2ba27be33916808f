package org.entsso.sso.admin.xml;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.entsso.sso.AppFlags;

/**
 * One {@code <application>} of an {@code -createapps}/{@code -updateapps} file.
 *
 * <p>{@code flags} holds the {@link AppFlags} bits the file sets to yes and {@code flagMask} the bits it names at all,
 * so an update changes exactly the masked bits and a create takes the type's defaults for the others (the caller
 * combines: {@code defaults & ~flagMask | flags}). {@code type} is the API's name ({@link #TYPES}); read for a create
 * it is always present (given, or derived from the flags), read for an update only when the file gives it. {@code
 * fields} is empty in an update (fields are fixed at creation). {@code location} is where the element starts ({@link
 * Location#of} for one not read from a file; the writers ignore it). Immutable.
 */
public record ApplicationXml(
        String name,
        Optional<String> type,
        Optional<String> description,
        Optional<String> contact,
        List<String> userAccounts,
        List<String> adminAccounts,
        List<FieldXml> fields,
        int flags,
        int flagMask,
        OptionalInt ticketTimeoutMinutes,
        Location location) {

    /** The application types, as the API and the {@code type} attribute spell them (ENTSSO's SSO_APP_TYPE 1, 2, 8, 4). */
    public static final List<String> TYPES = List.of("individual", "group", "hostGroup", "configStore");

    public ApplicationXml {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        type.ifPresent(t -> {
            if (!TYPES.contains(t)) {
                throw new IllegalArgumentException("unknown application type " + t + ", expected one of " + TYPES);
            }
        });
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(contact, "contact");
        userAccounts = List.copyOf(userAccounts);
        adminAccounts = List.copyOf(adminAccounts);
        fields = List.copyOf(fields);
        if ((flags & ~flagMask) != 0) {
            throw new IllegalArgumentException(String.format("flags 0x%x outside flagMask 0x%x", flags, flagMask));
        }
        if ((flagMask & ~AppFlags.KNOWN) != 0) {
            throw new IllegalArgumentException(
                    String.format("unknown application flags 0x%x", flagMask & ~AppFlags.KNOWN));
        }
        Objects.requireNonNull(ticketTimeoutMinutes, "ticketTimeoutMinutes");
        Objects.requireNonNull(location, "location");
    }

    /** Whether the file names {@code bit} (set or cleared). */
    public boolean names(int bit) {
        return (flagMask & bit) == bit;
    }
}
