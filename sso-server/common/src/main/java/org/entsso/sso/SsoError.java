package org.entsso.sso;

import java.util.Optional;

/**
 * The ENTSSO event ids this system keeps, with their wording (anchors/entsso.md §6), so that operators' runbooks
 * still make sense. A message never carries a secret; {@code %s} slots take names, paths and identifiers only.
 */
public enum SsoError {
    /** The master secret server cannot be reached or named. */
    SECRET_SERVER_UNAVAILABLE(
            10532,
            "Failed to retrieve master secrets. Verify that the master secret server name is correct and that it is"
                    + " available. Secret Server Name: %s"),
    /** No usable secret: encryption (and decryption under an unknown MSID) is impossible. */
    SECRET_NOT_AVAILABLE(
            10783,
            "Cannot perform encryption or decryption because the secret is not available from the master secret"
                    + " server. %s"),
    /** A backup file was opened with the wrong password. */
    INCORRECT_MASTER_SECRET(10815, "Incorrect master secret. %s"),
    /** A backup file is truncated, corrupted or not ours. */
    BACKUP_FILE_FORMAT(10564, "The backup file does not have the correct format. %s"),
    /** The node holds no secret at all. */
    NO_SECRETS_FOUND(
            10520,
            "No secrets were found in the secret store of the master secret server. Use the configuration tools to"
                    + " generate or restore a master secret. %s"),
    /** The secret store exists but cannot be opened. */
    SECRET_STORE_UNREADABLE(
            10565,
            "The secret could not be loaded from the secret store. The store or its password file may have been"
                    + " changed or the secret may be corrupted. Restore the secret from a backup file. %s"),
    /** The current secret has no backup yet. */
    SECRET_NOT_BACKED_UP(
            10589,
            "The master secret has not been backed up. If you lose the master secret all the information stored in"
                    + " the SSO system will be lost permanently. Back up the master secret now."),
    /** A secret change while the previous one is still being re-encrypted (ENTSSO_E_REENCRYPT_IN_PROGRESS). */
    REENCRYPTION_IN_PROGRESS(
            10814,
            "The operation cannot be performed while re-encryption under the previous master secret is in progress."
                    + " Wait for it to finish. %s"),
    /** The server lost its database for longer than the grace period. */
    GOING_OFFLINE(10590, "Enterprise Single Sign-On is going offline. %s"),
    /**
     * A server refused a request because every thread of its pool was busy and its queue full (not an ENTSSO id; ours).
     */
    SERVER_BUSY(10600, "The server is too busy to take the request now; retry in a moment. %s"),
    /** Lost contact with the SSO database. */
    DATABASE_UNAVAILABLE(10515, "Lost contact with the SSO database. %s"),
    /** The caller is not an SSO administrator. */
    NOT_SSO_ADMINISTRATOR(10766, "Access denied. The client user must be a member of the SSO Administrators group. %s"),
    /** The caller is in none of the groups the operation needs. */
    ACCESS_DENIED(11042, "Access denied. The client user must be a member of one of the following accounts: %s"),
    /** A ticket was redeemed by someone other than its issuer, or is otherwise invalid. */
    INVALID_TICKET(10594, "The ticket is not valid. %s"),
    /** A ticket whose lifetime is over. */
    TICKET_EXPIRED(10595, "The ticket has expired. %s"),
    /** Bad argument from a caller: the message says which and why. */
    INVALID_ARGUMENT(10500, "The parameter is not valid. %s"),
    /** A value failed authentication: wrong key, tampering, or copied from another row. */
    DECRYPTION_FAILED(10530, "Could not decrypt the data. The data may be corrupted or was not written here. %s"),
    /** A write from a master secret server that is no longer the owner of the cluster group. */
    FENCED(10603, "The write was refused because this server is no longer the master secret server. %s"),
    /** An application, mapping or other object that does not exist. */
    NOT_FOUND(10701, "The object does not exist. %s"),
    /** No mapping for the account in the application, or no config info under the identifier (ENTSSO_E_NO_MAPPING). */
    NO_MAPPING(
            10757, "The mapping does not exist. For Config Store applications, the config info has not been set. %s"),
    /**
     * A lookup in an application that is disabled. Not an ENTSSO id: anchors/entsso.md names no event for it; the
     * number follows the store's 107xx block.
     */
    APPLICATION_DISABLED(10704, "The affiliate application is disabled. Enable it with the administration tools. %s"),
    /** A lookup through a disabled mapping. Not an ENTSSO id (see {@link #APPLICATION_DISABLED}). */
    MAPPING_DISABLED(10705, "The mapping is disabled. Set its credentials or enable it. %s"),
    /** An application or mapping that already exists. */
    ALREADY_EXISTS(10702, "The object already exists. %s"),
    /**
     * An optimistic-concurrency conflict: the object changed since the caller read it. Not an ENTSSO id; ENTSSO
     * reports this through the global info's update timestamp without a dedicated event.
     */
    CONCURRENT_UPDATE(10703, "The object was changed by someone else since it was read. Read it again and retry. %s");

    private final int code;
    private final String template;

    SsoError(int code, String template) {
        this.code = code;
        this.template = template;
    }

    /** The ENTSSO event id. */
    public int code() {
        return code;
    }

    /** The error with ENTSSO event id {@code code}, e.g. to rebuild an error another node answered with. */
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
