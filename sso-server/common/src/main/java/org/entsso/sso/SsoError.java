package org.entsso.sso;

import java.util.Optional;

/**
 * Every error id this system answers with (the table is sso-server/docs/errors.md). ENTSSO's event ids keep ENTSSO's
 * meaning and, where it has one, its wording (anchors/entsso.md sections 2-6), so that operators' runbooks still make
 * sense; conditions ENTSSO has no id for use our own ids, 15000 to 15099, a range ENTSSO does not use (its ids run from
 * 10500 to 11071). A message never carries a secret; {@code %s} slots take names, paths and identifiers only.
 */
public enum SsoError {
    // ---- ENTSSO's ids, ENTSSO's meaning ----

    /** The audit record of an operation could not be written, and audit is set to fail closed (SSO_ERROR_EVENT_LOG_FAILED). */
    AUDIT_FAILED(10500, "The event logging system encountered an error. %s"),
    /** Lost contact with the SSO database (SSO_ERROR_POLL_DATABASE). */
    DATABASE_UNAVAILABLE(10515, "Lost contact with the SSO database. %s"),
    /** The node holds no secret at all (SSO_WARN_NO_SECRETS). */
    NO_SECRETS_FOUND(
            10520,
            "No secrets were found in the secret store of the master secret server. Use the configuration tools to"
                    + " generate or restore a master secret. %s"),
    /** The master secret server cannot be reached or named (SSO_WARN_LOST_SECRET_SERVER). */
    SECRET_SERVER_UNAVAILABLE(
            10532,
            "Failed to retrieve master secrets. Verify that the master secret server name is correct and that it is"
                    + " available. Secret Server Name: %s"),
    /** Tickets are not enabled system wide (SSO_WARN_SSO_TICKETS_NOT_ALLOWED). */
    TICKETS_NOT_ALLOWED(10539, "Tickets are not enabled for the SSO system. %s"),
    /** Tickets are not enabled for the application (SSO_WARN_APP_TICKETS_NOT_ALLOWED). */
    APPLICATION_TICKETS_NOT_ALLOWED(10540, "Tickets are not enabled for this application. Application Name: %s"),
    /** A Group application's mapping names no Application Users account of it (SSO_WARN_INVALID_GROUP_USER). */
    INVALID_GROUP_MAPPING(
            10556,
            "The mapping specified for a Group application is not valid. The mapping must specify one of the"
                    + " Application Users accounts for this application. %s"),
    /** An application user tried to manage a Group application's mappings (SSO_WARN_USER_NOT_ALLOWED_FOR_GROUPS). */
    USERS_CANNOT_CONTROL_GROUP_MAPPINGS(
            10557, "Application Users are not allowed to control mappings for Group applications. %s"),
    /** An application user tried to manage someone else's mapping (SSO_WARN_USER_OWN_MAPPINGS). */
    USERS_OWN_MAPPINGS_ONLY(10558, "Application Users are only allowed to control their own mappings. %s"),
    /** A backup file is truncated, corrupted or not ours (SSO_ERROR_BACKUP_FILE_INCORRECT_FORMAT). */
    BACKUP_FILE_FORMAT(10564, "The backup file does not have the correct format. %s"),
    /** The secret store exists but cannot be opened (SSO_ERROR_SECRET_VALIDATE_FAILED). */
    SECRET_STORE_UNREADABLE(
            10565,
            "The secret could not be loaded from the secret store. The store or its password file may have been"
                    + " changed or the secret may be corrupted. Restore the secret from a backup file. %s"),
    /** An application administrator tried to change the application's administrators (SSO_WARN_NO_UPDATE_BY_APP_ADMIN). */
    APP_ADMIN_CANNOT_CHANGE_ADMINS(
            10569, "The Application Administrators account cannot be changed by an Application Administrator. %s"),
    /** The SSO Administrators group changes only while SSO is disabled (SSO_WARN_SSO_DISABLED_FOR_CHANGE_SSO_ADMIN). */
    DISABLE_SSO_TO_CHANGE_SSO_ADMINS(
            10570, "To update the SSO Administrators account name you must first disable SSO."),
    /** The service identity must be in the new SSO Administrators group (SSO_WARN_SSO_NOT_IN_NEW_SSO_ADMIN). */
    SERVICE_NOT_IN_NEW_SSO_ADMINS(
            10571,
            "To change the SSO Administrators account name the SSO service account must be a member of the new SSO"
                    + " Administrators account. %s"),
    /** The affiliate group changes only while SSO is disabled (SSO_WARN_SSO_DISABLED_FOR_CHANGE_SSO_AFF_ADMIN). */
    DISABLE_SSO_TO_CHANGE_AFFILIATE_ADMINS(
            10572, "To update the SSO Affiliate Administrators account name you must first disable SSO."),
    /** The current secret has no backup yet (SSO_ERROR_BACKUP_SECRET_REQUIRED). */
    SECRET_NOT_BACKED_UP(
            10589,
            "The master secret has not been backed up. If you lose the master secret all the information stored in"
                    + " the SSO system will be lost permanently. Back up the master secret now."),
    /** The server lost its database for longer than the grace period (SSO_ERROR_OUT_OF_SERVICE). */
    GOING_OFFLINE(10590, "Enterprise Single Sign-On is going offline. %s"),
    /** A ticket that cannot be decrypted: not ours, altered, or its secret is gone (SSO_WARN_TICKET_DECRYPT_FAILED). */
    TICKET_NOT_VALID(10592, "The ticket could not be decrypted. The ticket is not valid or it may have expired. %s"),
    /** A ticket that is not a ticket at all (SSO_WARN_TICKET_BAD_FORMAT). */
    TICKET_BAD_FORMAT(10593, "The ticket does not have the correct format. %s"),
    /** Validate-and-redeem by someone other than the ticket's issuer (SSO_WARN_TICKET_VALIDATE_FAILED). */
    TICKET_SENDER_MISMATCH(
            10594, "Validation of the ticket failed. The sender name must match that of the ticket issuer. %s"),
    /** Enabling an application whose fields are not all defined (SSO_WARN_APP_INCOMPLETE_FIELDS). */
    APPLICATION_FIELDS_INCOMPLETE(
            10595, "The application cannot be enabled because the fields are incomplete for this application. %s"),
    /** The caller must be in the new SSO Administrators group (SSO_WARN_CALLER_NOT_IN_NEW_SSO_ADMIN). */
    CALLER_NOT_IN_NEW_SSO_ADMINS(
            10597,
            "The client user must be a member of the new SSO Administrators account to change the SSO Administrators"
                    + " account name. %s"),
    /** The application already exists (ENTSSO_E_APP_EXISTS). */
    APPLICATION_EXISTS(10752, "The application already exists. %s"),
    /** The mapping already exists (ENTSSO_E_MAPPING_EXISTS). */
    MAPPING_EXISTS(10753, "The mapping already exists. %s"),
    /** The SSO system is disabled (ENTSSO_E_SSO_DISABLED). */
    SSO_DISABLED(10754, "The SSO system is currently disabled. %s"),
    /** The application is disabled (ENTSSO_E_APP_DISABLED). */
    APPLICATION_DISABLED(10755, "The application is currently disabled. %s"),
    /** The application does not exist (ENTSSO_E_NO_APP). */
    APPLICATION_NOT_FOUND(10756, "The application does not exist. %s"),
    /** No mapping for the account in the application, or no config info under the identifier (ENTSSO_E_NO_MAPPING). */
    NO_MAPPING(
            10757, "The mapping does not exist. For Config Store applications, the config info has not been set. %s"),
    /** A lookup through a disabled mapping (ENTSSO_E_MAPPING_DISABLED). */
    MAPPING_DISABLED(10764, "The mapping is disabled. %s"),
    /** The application cannot be created with the enabled flag (ENTSSO_E_ENABLED_NOT_ALLOWED_CREATE). */
    ENABLED_AT_CREATE(10850, "An application cannot be created with the 'enabled' flag specified. %s"),
    /** Built-in accounts and Everyone are refused (ENTSSO_E_NO_BUILTIN_ACCOUNTS). */
    BUILTIN_ACCOUNT(
            10777, "For security reasons the following accounts are not allowed: Built-in accounts; Everyone; %s"),
    /** No usable secret: encryption (and decryption under an unknown MSID) is impossible (ENTSSO_E_NO_SECRET). */
    SECRET_NOT_AVAILABLE(
            10783,
            "Cannot perform encryption or decryption because the secret is not available from the master secret"
                    + " server. %s"),
    /** A ticket whose lifetime is over (ENTSSO_E_TICKET_EXPIRED). */
    TICKET_EXPIRED(10790, "The ticket has timed out. %s"),
    /** Host-initiated SSO is off system wide (ENTSSO_E_HISSO_SYSTEM_NOT_ENABLED). */
    HISSO_SYSTEM_NOT_ENABLED(10808, "The SSO system is not enabled for Host Initiated Single Sign-On. %s"),
    /** Host-initiated SSO is off for the application (ENTSSO_E_HISSO_APP_NOT_ENABLED). */
    HISSO_APP_NOT_ENABLED(10809, "The application is not enabled for Host Initiated Single Sign-On. %s"),
    /** The external credentials of a host-initiated lookup do not match (ENTSSO_E_HISSO_INVALID_CREDENTIALS). */
    HISSO_INVALID_CREDENTIALS(
            10810, "The specified credentials are invalid or do not match those in the SSO database. %s"),
    /** A secret change while the previous one is still being re-encrypted (ENTSSO_E_REENCRYPT_IN_PROGRESS). */
    REENCRYPTION_IN_PROGRESS(10814, "SSO database re-encryption is in progress. Wait for it to finish. %s"),
    /** A backup file was opened with the wrong password (ENTSSO_E_WRONG_SECRET). */
    INCORRECT_MASTER_SECRET(10815, "Incorrect master secret. %s"),
    /** A mapping that does not exist, named by a management operation (ENTSSO_E_NO_MAPPING2). */
    MAPPING_NOT_FOUND(10835, "The specified mapping could not be found. %s"),
    /** A Host Group application maps to one Windows account only (ENTSSO_E_HOST_GROUP_ONE_ACCOUNT_ONLY). */
    HOST_GROUP_ONE_ACCOUNT(
            10846, "Host Group applications cannot have multiple accounts specified for the Windows Account. %s"),
    /** Individual mappings are for domain user accounts only (ENTSSO_E_MAPPINGS_ONLY_FOR_DOMAIN_USER_ACCOUNTS). */
    DOMAIN_USERS_ONLY(
            10847,
            "For Individual applications, mappings can be created for Windows domain users only (not local accounts or"
                    + " group accounts). %s"),
    /** The mapped account is not an application user (ENTSSO_E_MAPPING_NO_ACCESS). */
    MAPPING_USER_NOT_APPLICATION_USER(
            10853,
            "The mapping cannot be created because the specified user is not a member of the Application Users"
                    + " account. %s"),
    /**
     * A lookup from another machine while remote lookups are off (SSO_WARN_REMOTE_LOOKUP_NOT_ALLOWED; ssoconfig
     * -remoteLookup no). Our servers allow them by default: every caller is remote by design (docs/api.md).
     */
    REMOTE_LOOKUP_DENIED(
            11068,
            "Lookup server access denied. This SSO server is currently not configured to allow remote lookup. %s"),
    /** The caller is in none of the groups the operation needs (SSO_WARN_ACCESS_DENIED_ACCOUNTS). */
    ACCESS_DENIED(
            11042,
            "Access denied. The client user must be a member of one of the following accounts to perform this"
                    + " function. %s"),
    /**
     * The caller is not an SSO administrator: ENTSSO answers this with 11042 too, listing the SSO Administrators
     * account; {@link #fromCode(int)} gives {@link #ACCESS_DENIED} for it.
     */
    NOT_SSO_ADMINISTRATOR(
            11042,
            "Access denied. The client user must be a member of one of the following accounts to perform this"
                    + " function. SSO Administrators: %s"),

    // ---- Our ids, 15000-15099: conditions ENTSSO has no id for ----

    /** Bad argument from a caller: the message says which and why. */
    INVALID_ARGUMENT(15000, "The parameter is not valid. %s"),
    /** An object other than an application or a mapping (an endpoint, a config item, a group member) does not exist. */
    NOT_FOUND(15001, "The object does not exist. %s"),
    /** An object other than an application or a mapping already exists. */
    ALREADY_EXISTS(15002, "The object already exists. %s"),
    /** An optimistic-concurrency conflict: the object changed since the caller read it. */
    CONCURRENT_UPDATE(15003, "The object was changed by someone else since it was read. Read it again and retry. %s"),
    /** A write from a master secret server that is no longer the owner of the cluster group. Retryable. */
    FENCED(15004, "The write was refused because this server is no longer the master secret server. %s"),
    /** Every thread of a pool was busy and its queue full. Retryable. */
    SERVER_BUSY(15005, "The server is too busy to take the request now; retry in a moment. %s"),
    /** A value failed authentication: wrong key, tampering, or copied from another row. */
    DECRYPTION_FAILED(15006, "Could not decrypt the data. The data may be corrupted or was not written here. %s"),
    /** A mapping is deleted only once disabled (ENTSSO's rule; it has no id for the refusal). */
    MAPPING_NOT_DISABLED(15007, "The mapping must be disabled before it is deleted. %s"),
    /** The operation does not apply to the application's type (e.g. config info of an Individual application). */
    WRONG_APPLICATION_TYPE(15008, "The operation does not apply to this type of application. %s"),
    /** An SSO administrator tried to remove themselves or the service identity from the SSO Administrators group. */
    CANNOT_REMOVE_SSO_ADMIN(
            15009,
            "The account cannot be removed from the SSO Administrators group: SSO would lose its administrator. %s"),
    /** GetCredentials in an application without windowsInitiated (0x4): it serves host-initiated lookups only. */
    WINDOWS_INITIATED_NOT_ENABLED(
            15010, "The application is not enabled for Windows-initiated Single Sign-On (flag 0x4). %s");

    private final int code;
    private final String template;

    SsoError(int code, String template) {
        this.code = code;
        this.template = template;
    }

    /** The error id: ENTSSO's event id, or ours (15000-15099). */
    public int code() {
        return code;
    }

    /** Whether this is one of our own ids rather than ENTSSO's. */
    public boolean ours() {
        return code >= 15000 && code <= 15099;
    }

    /** Whether this error says the object a create meant to make is already there. */
    public boolean alreadyExists() {
        return this == APPLICATION_EXISTS || this == MAPPING_EXISTS || this == ALREADY_EXISTS;
    }

    /**
     * The HTTP status this error is answered with (the table in sso-server/docs/errors.md): 400 bad input, 403 no
     * right, 404 no such object, 409 a state that forbids the operation, 503 (retryable, see
     * {@link #retryAfterSeconds()}) a server or database that is away or moving, 500 stored data that fails.
     */
    public int httpStatus() {
        return switch (this) {
            case INVALID_ARGUMENT,
                    INCORRECT_MASTER_SECRET,
                    BACKUP_FILE_FORMAT,
                    TICKET_NOT_VALID,
                    TICKET_BAD_FORMAT,
                    TICKET_EXPIRED,
                    ENABLED_AT_CREATE,
                    INVALID_GROUP_MAPPING,
                    HOST_GROUP_ONE_ACCOUNT,
                    DOMAIN_USERS_ONLY,
                    BUILTIN_ACCOUNT,
                    WRONG_APPLICATION_TYPE -> 400;
            case ACCESS_DENIED,
                    NOT_SSO_ADMINISTRATOR,
                    REMOTE_LOOKUP_DENIED,
                    USERS_OWN_MAPPINGS_ONLY,
                    USERS_CANNOT_CONTROL_GROUP_MAPPINGS,
                    APP_ADMIN_CANNOT_CHANGE_ADMINS,
                    MAPPING_USER_NOT_APPLICATION_USER,
                    TICKET_SENDER_MISMATCH,
                    HISSO_INVALID_CREDENTIALS,
                    CALLER_NOT_IN_NEW_SSO_ADMINS,
                    SERVICE_NOT_IN_NEW_SSO_ADMINS,
                    CANNOT_REMOVE_SSO_ADMIN -> 403;
            case NOT_FOUND, APPLICATION_NOT_FOUND, MAPPING_NOT_FOUND, NO_MAPPING -> 404;
            case ALREADY_EXISTS,
                    APPLICATION_EXISTS,
                    MAPPING_EXISTS,
                    CONCURRENT_UPDATE,
                    APPLICATION_DISABLED,
                    MAPPING_DISABLED,
                    MAPPING_NOT_DISABLED,
                    APPLICATION_FIELDS_INCOMPLETE,
                    REENCRYPTION_IN_PROGRESS,
                    SSO_DISABLED,
                    DISABLE_SSO_TO_CHANGE_SSO_ADMINS,
                    DISABLE_SSO_TO_CHANGE_AFFILIATE_ADMINS,
                    TICKETS_NOT_ALLOWED,
                    APPLICATION_TICKETS_NOT_ALLOWED,
                    HISSO_SYSTEM_NOT_ENABLED,
                    HISSO_APP_NOT_ENABLED,
                    WINDOWS_INITIATED_NOT_ENABLED -> 409;
            case SECRET_NOT_AVAILABLE,
                    FENCED,
                    SECRET_SERVER_UNAVAILABLE,
                    NO_SECRETS_FOUND,
                    SECRET_STORE_UNREADABLE,
                    DATABASE_UNAVAILABLE,
                    GOING_OFFLINE,
                    SERVER_BUSY,
                    AUDIT_FAILED -> 503;
            case DECRYPTION_FAILED, SECRET_NOT_BACKED_UP -> 500;
        };
    }

    /**
     * The {@code Retry-After} seconds of a retryable (503) error: 1 while the master secret server is away or moving
     * or a pool is full, 5 while the database or the audit log is away (retrying every second only adds load); 0 for
     * an error that is not retried.
     */
    public int retryAfterSeconds() {
        return switch (this) {
            case SECRET_NOT_AVAILABLE,
                    FENCED,
                    SECRET_SERVER_UNAVAILABLE,
                    NO_SECRETS_FOUND,
                    SECRET_STORE_UNREADABLE,
                    SERVER_BUSY -> 1;
            case DATABASE_UNAVAILABLE, GOING_OFFLINE, AUDIT_FAILED -> 5;
            default -> 0;
        };
    }

    /** The error with id {@code code}, e.g. to rebuild an error another node answered with (the first of a shared id). */
    public static Optional<SsoError> fromCode(int code) {
        for (SsoError error : values()) {
            if (error.code == code) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }

    /** The message for this error, with {@code detail} filled into its slot (names and identifiers only). */
    public String format(String detail) {
        String text = template.contains("%s") ? String.format(template, detail == null ? "" : detail) : template;
        return text.strip();
    }
}
