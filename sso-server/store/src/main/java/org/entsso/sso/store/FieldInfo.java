package org.entsso.sso.store;

import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * One field of an affiliate application. Field 0 is the external user id and is never masked.
 *
 * @param ordinal 0-based position
 * @param label what the field is called in the tools
 * @param masked whether tools hide the value
 * @param synchronizedField whether this is the (single) password-sync field
 */
public record FieldInfo(int ordinal, String label, boolean masked, boolean synchronizedField) {
    /** @throws SsoException INVALID_ARGUMENT for a negative ordinal, a masked field 0 or a bad label */
    public FieldInfo {
        if (ordinal < 0) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "A field ordinal must not be negative");
        }
        if (ordinal == 0 && masked) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "Field 0 (the external user id) cannot be masked");
        }
        Names.requireName("field label", label, 256);
    }
}
