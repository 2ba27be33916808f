package org.entsso.sso.admin.xml;

import java.util.Optional;

/**
 * Reads {@code <flags>} into the bits the file sets and the bits it names. Values the schema refused are skipped (the
 * schema's error is already recorded). Stateless.
 */
final class FlagsReader {
    /** The bits set to yes and the bits named. */
    record Flags(int flags, int mask) {
        static final Flags NONE = new Flags(0, 0);

        boolean names(int bit) {
            return (mask & bit) != 0;
        }

        boolean has(int bit) {
            return (flags & bit) != 0;
        }
    }

    private FlagsReader() {}

    static Flags read(Optional<Node> flagsNode, String application, Problems problems) {
        if (flagsNode.isEmpty()) {
            return Flags.NONE;
        }
        Node node = flagsNode.get();
        int flags = 0;
        int mask = 0;
        for (XmlFlag flag : XmlFlag.values()) {
            Optional<Boolean> value = node.attribute(flag.attribute).flatMap(XmlFlag::yesNo);
            Optional<Boolean> synonym = flag.synonym == null
                    ? Optional.empty()
                    : node.attribute(flag.synonym).flatMap(XmlFlag::yesNo).map(b -> b ^ flag.synonymInverted);
            if (value.isPresent() && synonym.isPresent() && !value.equals(synonym)) {
                problems.add(
                        node.location,
                        "application " + application + ": " + flag.attribute + " and " + flag.synonym
                                + " disagree; keep one of them");
            }
            Optional<Boolean> set = value.or(() -> synonym);
            if (set.isPresent()) {
                mask |= flag.bit;
                flags |= set.get() ? flag.bit : 0;
            }
        }
        refuseLocalAccounts(node, "allowLocalAccounts", application, problems);
        refuseLocalAccounts(node, "allowLocalGroups", application, problems);
        return new Flags(flags, mask);
    }

    /** ENTSSO's local accounts are for single-computer installations; this system maps domain accounts only. */
    private static void refuseLocalAccounts(Node node, String attribute, String application, Problems problems) {
        if (node.attribute(attribute).flatMap(XmlFlag::yesNo).orElse(false)) {
            problems.add(
                    node.location,
                    "application " + application + ": " + attribute + "=\"yes\" is not supported: this SSO system"
                            + " maps domain accounts only; remove the attribute or set it to \"no\"");
        }
    }
}
