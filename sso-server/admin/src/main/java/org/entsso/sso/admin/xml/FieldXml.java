package org.entsso.sso.admin.xml;

import java.util.Objects;

/**
 * One {@code <field ordinal="0" label="User ID" masked="no" sync="no"/>} of an application: field 0 is the external
 * user id, the others its credentials. {@code sync} is our extension (the field password synchronisation writes).
 * Immutable.
 */
public record FieldXml(int ordinal, String label, boolean masked, boolean sync) {
    public FieldXml {
        if (ordinal < 0) {
            throw new IllegalArgumentException("a field's ordinal is 0 or more: " + ordinal);
        }
        Objects.requireNonNull(label, "label");
    }
}
