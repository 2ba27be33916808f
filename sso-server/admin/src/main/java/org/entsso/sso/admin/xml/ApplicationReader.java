package org.entsso.sso.admin.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.entsso.sso.AppFlags;

/**
 * Turns one validated {@code <application>} into an {@link ApplicationXml} and checks what the schema cannot: the
 * fields (ordinals 0..n-1 in order, field 0 never masked, at most one sync field, at least one on create; on
 * update optional, then the same as the application's), the type against the flags, and the flags' synonyms. Stateless.
 */
final class ApplicationReader {
    private ApplicationReader() {}

    static ApplicationXml read(Node node, boolean forUpdate, Problems problems) {
        String name = node.attribute("name").orElse("");
        FlagsReader.Flags flags = FlagsReader.read(node.child("flags"), name, problems);
        Optional<String> givenType = node.attribute("type").filter(ApplicationXml.TYPES::contains);
        givenType.ifPresent(type -> checkType(node, name, type, flags, problems));
        Optional<String> type = forUpdate ? givenType : givenType.or(() -> Optional.of(derivedType(flags)));
        List<FieldXml> fields = forUpdate ? updateFields(node, name, problems) : fields(node, name, problems);
        return new ApplicationXml(
                name,
                type,
                node.childText("description"),
                node.childText("contact"),
                node.children("appUserAccount").stream().map(Node::text).toList(),
                node.children("appAdminAccount").stream().map(Node::text).toList(),
                fields,
                flags.flags(),
                flags.mask(),
                integer(node.childText("ticketTimeoutMinutes")),
                node.location);
    }

    /**
     * The type a file without {@code type} means: configStoreApp=yes a Config Store application; groupApp=yes a Host
     * Group one when it is host-initiated (or not Windows-initiated), else a Group one; otherwise Individual.
     */
    static String derivedType(FlagsReader.Flags flags) {
        if (flags.has(AppFlags.CONFIG_STORE)) {
            return "configStore";
        }
        if (flags.has(AppFlags.GROUP_MAPPING)) {
            boolean notWindows = flags.names(AppFlags.WINDOWS_INITIATED) && !flags.has(AppFlags.WINDOWS_INITIATED);
            return notWindows || flags.has(AppFlags.HOST_INITIATED) ? "hostGroup" : "group";
        }
        return "individual";
    }

    /** groupApp and configStoreApp, when named, must say what {@code type} says. */
    private static void checkType(Node node, String name, String type, FlagsReader.Flags flags, Problems problems) {
        boolean group = type.equals("group") || type.equals("hostGroup");
        boolean configStore = type.equals("configStore");
        if (flags.names(AppFlags.GROUP_MAPPING) && flags.has(AppFlags.GROUP_MAPPING) != group) {
            problems.add(
                    node.location,
                    "application " + name + ": type=\"" + type + "\" contradicts groupApp=\""
                            + yesNo(flags.has(AppFlags.GROUP_MAPPING)) + "\"; remove one of them");
        }
        if (flags.names(AppFlags.CONFIG_STORE) && flags.has(AppFlags.CONFIG_STORE) != configStore) {
            problems.add(
                    node.location,
                    "application " + name + ": type=\"" + type + "\" contradicts configStoreApp=\""
                            + yesNo(flags.has(AppFlags.CONFIG_STORE)) + "\"; remove one of them");
        }
    }

    /**
     * An update file may repeat the fields (a display saved as a file does): they are read with the same checks, and
     * the command line refuses them unless they are the application's own, since fields cannot change.
     */
    private static List<FieldXml> updateFields(Node node, String name, Problems problems) {
        return node.children("field").isEmpty() ? List.of() : fields(node, name, problems);
    }

    private static List<FieldXml> fields(Node node, String name, Problems problems) {
        List<Node> fieldNodes = node.children("field");
        if (fieldNodes.isEmpty()) {
            problems.add(
                    node.location,
                    "application " + name + ": needs at least one field, field 0 the external"
                            + " user id: <field ordinal=\"0\" label=\"User ID\" masked=\"no\"/>");
            return List.of();
        }
        List<FieldXml> fields = new ArrayList<>();
        Node syncField = null;
        for (int i = 0; i < fieldNodes.size(); i++) {
            Node field = fieldNodes.get(i);
            OptionalInt ordinal = integer(field.attribute("ordinal"));
            boolean masked = field.attribute("masked").flatMap(XmlFlag::yesNo).orElse(false);
            boolean sync = field.attribute("sync").flatMap(XmlFlag::yesNo).orElse(false);
            if (ordinal.isPresent() && ordinal.getAsInt() != i) {
                problems.add(
                        field.location,
                        "application " + name + ": field ordinal=\"" + ordinal.getAsInt()
                                + "\" is field number " + i + " of the application; ordinals run 0, 1, 2, ... in order,"
                                + " each once (expected ordinal=\"" + i + "\")");
            }
            if (i == 0 && masked) {
                problems.add(
                        field.location,
                        "application " + name + ": field 0 (the external user id) cannot be"
                                + " masked; set masked=\"no\"");
            }
            if (sync && syncField != null) {
                problems.add(
                        field.location,
                        "application " + name + ": at most one field can be sync=\"yes\"" + " (the first one is at "
                                + syncField.location + ")");
            } else if (sync) {
                syncField = field;
            }
            fields.add(new FieldXml(i, field.attribute("label").orElse(""), masked, sync));
        }
        return fields;
    }

    /** The number the schema accepted, or empty (absent, or refused by the schema: its error is recorded). */
    static OptionalInt integer(Optional<String> text) {
        try {
            return text.isEmpty()
                    ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(text.get().strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
