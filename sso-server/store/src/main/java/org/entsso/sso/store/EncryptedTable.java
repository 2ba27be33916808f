package org.entsso.sso.store;

/** The tables that hold encrypted values, in the order re-encryption walks them. */
public enum EncryptedTable {
    /** external_credential: one row per mapping and field ordinal. */
    CREDENTIAL,
    /** config_item: one encrypted property bag per application and identifier. */
    CONFIG_ITEM
}
