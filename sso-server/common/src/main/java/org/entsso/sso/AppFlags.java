package org.entsso.sso;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ENTSSO's {@code SSO_FLAG} values that apply to affiliate applications and to the global row (anchors/entsso.md
 * section 3), with the names the API prints next to the number. Stateless.
 */
public final class AppFlags {
    private AppFlags() {}

    /** The application (or, in the global row, nothing: SSO has its own column) is enabled. */
    public static final int ENABLED = 0x2;
    /** Windows-initiated SSO: a Windows account looks up its external credentials. */
    public static final int WINDOWS_INITIATED = 0x4;
    /** Host-initiated SSO: an external account is mapped back to a Windows account (global: HISSO enabled). */
    public static final int HOST_INITIATED = 0x8;
    /** Validate the external password on a host-initiated lookup ({@code validatePassword}, "verify external credentials"). */
    public static final int VERIFY_EXTERNAL_CREDENTIALS = 0x10;
    /** Tickets may be issued and redeemed. */
    public static final int ALLOW_TICKETS = 0x20;
    /** A redeemer must validate the ticket against the message sender. */
    public static final int VALIDATE_TICKETS = 0x40;
    /** Group application (SSO_FLAG_APP_USES_GROUP_MAPPING). */
    public static final int GROUP_MAPPING = 0x10000;
    /** The application's administrators are the SSO Affiliate Administrators (immutable). */
    public static final int ADMIN_ACCOUNT_SAME = 0x80000;
    /** Config store application. */
    public static final int CONFIG_STORE = 0x100000;
    /** Tickets of the application time out (timeoutTickets); with a per-application timeout it overrides the global one. */
    public static final int TICKET_TIMEOUT = 0x200000;
    /** Application users cannot create their own mappings (SSO_FLAG_APP_RESTRICT_MAPPING_CREATE). */
    public static final int USERS_CANNOT_CREATE_MAPPINGS = 0x8000000;
    /** The application's credentials are never cached (SSO_FLAG_SSO_DISABLE_CRED_CACHE). */
    public static final int DISABLE_CREDENTIAL_CACHE = 0x40000000;

    /**
     * Global row only, our own bit (ENTSSO keeps its -remoteLookup setting per server, outside the flags): lookups from
     * other machines are refused with 11068. Clear by default, so remote lookups are allowed (docs/api.md).
     */
    public static final int LOCAL_LOOKUP_ONLY = 0x1000000;

    /** ENTSSO's DEFAULT_APP_FLAGS: Windows-initiated, validate tickets, tickets time out. */
    public static final int DEFAULT_APP_FLAGS = WINDOWS_INITIATED | VALIDATE_TICKETS | TICKET_TIMEOUT;

    /** Flags only the type decides; never changed by an update. */
    public static final int TYPE_FLAGS = GROUP_MAPPING | CONFIG_STORE;

    /** Flags fixed at creation (anchors/entsso.md section 3: type and adminAccountSame are immutable). */
    public static final int IMMUTABLE = TYPE_FLAGS | ADMIN_ACCOUNT_SAME;

    /** The ticket flags, which only SSO Administrators may change (anchors/entsso.md section 3). */
    public static final int TICKET_FLAGS = ALLOW_TICKETS | VALIDATE_TICKETS | TICKET_TIMEOUT;

    /** Every flag an application may carry. */
    public static final int KNOWN = ENABLED
            | WINDOWS_INITIATED
            | HOST_INITIATED
            | VERIFY_EXTERNAL_CREDENTIALS
            | ALLOW_TICKETS
            | VALIDATE_TICKETS
            | GROUP_MAPPING
            | ADMIN_ACCOUNT_SAME
            | CONFIG_STORE
            | TICKET_TIMEOUT
            | USERS_CANNOT_CREATE_MAPPINGS
            | DISABLE_CREDENTIAL_CACHE;

    /** The flags the global row carries: HISSO enabled, tickets allowed, tickets validated, local lookups only. */
    public static final int GLOBAL_KNOWN = HOST_INITIATED | ALLOW_TICKETS | VALIDATE_TICKETS | LOCAL_LOOKUP_ONLY;

    private static final Map<Integer, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put(ENABLED, "enabled");
        NAMES.put(WINDOWS_INITIATED, "windowsInitiated");
        NAMES.put(HOST_INITIATED, "hostInitiated");
        NAMES.put(VERIFY_EXTERNAL_CREDENTIALS, "validatePassword");
        NAMES.put(ALLOW_TICKETS, "allowTickets");
        NAMES.put(VALIDATE_TICKETS, "validateTickets");
        NAMES.put(GROUP_MAPPING, "groupApp");
        NAMES.put(ADMIN_ACCOUNT_SAME, "adminAccountSame");
        NAMES.put(CONFIG_STORE, "configStoreApp");
        NAMES.put(TICKET_TIMEOUT, "timeoutTickets");
        NAMES.put(USERS_CANNOT_CREATE_MAPPINGS, "usersCannotCreateMappings");
        NAMES.put(DISABLE_CREDENTIAL_CACHE, "disableCredCache");
        NAMES.put(LOCAL_LOOKUP_ONLY, "localLookupOnly");
    }

    /** The names of the flags set in {@code flags}, in bit order. */
    public static List<String> names(int flags) {
        List<String> names = new ArrayList<>();
        NAMES.forEach((bit, name) -> {
            if ((flags & bit) != 0) {
                names.add(name);
            }
        });
        return names;
    }

    /** Whether every bit of {@code bits} is set in {@code flags}. */
    public static boolean has(int flags, int bits) {
        return (flags & bits) == bits;
    }
}
