package org.entsso.sso.admin.xml;

import java.util.Locale;
import java.util.Optional;
import org.entsso.sso.AppFlags;

/**
 * The attributes of {@code <flags>} and their {@link AppFlags} bits, in the order Microsoft's samples write them. A
 * synonym is a spelling seen in Microsoft's docs; {@code enableCache} says the opposite of {@code disableCredCache}.
 * {@code allowLocalAccounts} has no bit (see {@link FlagsReader}).
 */
enum XmlFlag {
    GROUP_APP("groupApp", AppFlags.GROUP_MAPPING, null, false),
    CONFIG_STORE_APP("configStoreApp", AppFlags.CONFIG_STORE, null, false),
    ALLOW_TICKETS("allowTickets", AppFlags.ALLOW_TICKETS, null, false),
    VALIDATE_TICKETS("validateTickets", AppFlags.VALIDATE_TICKETS, null, false),
    TIMEOUT_TICKETS("timeoutTickets", AppFlags.TICKET_TIMEOUT, "ticketTimeout", false),
    ADMIN_ACCOUNT_SAME("adminAccountSame", AppFlags.ADMIN_ACCOUNT_SAME, "adminGroupSame", false),
    ENABLE_APP("enableApp", AppFlags.ENABLED, null, false),
    HOST_INITIATED_SSO("hostInitiatedSSO", AppFlags.HOST_INITIATED, null, false),
    WINDOWS_INITIATED_SSO("windowsInitiatedSSO", AppFlags.WINDOWS_INITIATED, null, false),
    VALIDATE_PASSWORD("validatePassword", AppFlags.VERIFY_EXTERNAL_CREDENTIALS, null, false),
    DISABLE_CRED_CACHE("disableCredCache", AppFlags.DISABLE_CREDENTIAL_CACHE, "enableCache", true),
    USERS_CANNOT_CREATE_MAPPINGS("usersCannotCreateMappings", AppFlags.USERS_CANNOT_CREATE_MAPPINGS, null, false);

    /** The spelling the writer uses. */
    final String attribute;

    final int bit;
    /** Another spelling the reader accepts, or null. */
    final String synonym;
    /** Whether yes in the synonym means no in {@link #attribute}. */
    final boolean synonymInverted;

    XmlFlag(String attribute, int bit, String synonym, boolean synonymInverted) {
        this.attribute = attribute;
        this.bit = bit;
        this.synonym = synonym;
        this.synonymInverted = synonymInverted;
    }

    /** yes/no, true/false, on/off in any case (the schema's {@code yesNo}); empty for anything else. */
    static Optional<Boolean> yesNo(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on" -> Optional.of(true);
            case "no", "false", "off" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
