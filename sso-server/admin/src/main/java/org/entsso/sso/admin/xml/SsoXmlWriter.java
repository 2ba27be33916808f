package org.entsso.sso.admin.xml;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes SSO files the readers accept: root {@code <SSO>}, two spaces of indentation, ENTSSO's element order, every
 * value escaped. Flags are written under their canonical names, only those in the mask. Stateless.
 */
final class SsoXmlWriter {
    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SSO>\n";
    private static final String FOOTER = "</SSO>\n";

    private SsoXmlWriter() {}

    static String applications(List<ApplicationXml> applications) {
        StringBuilder out = new StringBuilder(HEADER);
        for (ApplicationXml app : applications) {
            out.append("  <application name=\"").append(attribute(app.name())).append('"');
            app.type().ifPresent(type -> out.append(" type=\"").append(type).append('"'));
            out.append(">\n");
            element(out, "description", app.description());
            element(out, "contact", app.contact());
            app.userAccounts().forEach(account -> element(out, "appUserAccount", Optional.of(account)));
            app.adminAccounts().forEach(account -> element(out, "appAdminAccount", Optional.of(account)));
            for (FieldXml field : app.fields()) {
                out.append("    <field ordinal=\"")
                        .append(field.ordinal())
                        .append("\" label=\"")
                        .append(attribute(field.label()))
                        .append("\" masked=\"")
                        .append(yesNo(field.masked()))
                        .append('"');
                if (field.sync()) {
                    out.append(" sync=\"yes\"");
                }
                out.append(" />\n");
            }
            flags(out, app.flags(), app.flagMask());
            element(out, "ticketTimeoutMinutes", app.ticketTimeoutMinutes());
            out.append("  </application>\n");
        }
        return out.append(FOOTER).toString();
    }

    static String mappings(List<MappingXml> mappings) {
        StringBuilder out = new StringBuilder(HEADER);
        for (MappingXml mapping : mappings) {
            out.append("  <mapping>\n");
            element(out, "windowsDomain", Optional.of(mapping.windowsDomain()));
            element(out, "windowsUserId", Optional.of(mapping.windowsUserId()));
            element(out, "externalApplication", Optional.of(mapping.externalApplication()));
            element(out, "externalUserId", Optional.of(mapping.externalUserId()));
            out.append("  </mapping>\n");
        }
        return out.append(FOOTER).toString();
    }

    static String globalInfo(GlobalInfoXml info) {
        StringBuilder out = new StringBuilder(HEADER).append("  <globalInfo>\n");
        element(out, "ssoAdminAccount", info.ssoAdminAccount());
        element(out, "ssoAffiliateAdminAccount", info.ssoAffiliateAdminAccount());
        element(out, "secretServer", info.secretServer());
        element(out, "auditDeletedApps", info.auditDeletedApps());
        element(out, "auditDeletedMappings", info.auditDeletedMappings());
        element(out, "auditCredentialLookups", info.auditCredentialLookups());
        element(out, "ticketTimeout", info.ticketTimeout());
        element(out, "credCacheTimeout", info.credCacheTimeout());
        return out.append("  </globalInfo>\n").append(FOOTER).toString();
    }

    private static void flags(StringBuilder out, int flags, int mask) {
        if (mask == 0) {
            return;
        }
        out.append("    <flags");
        for (XmlFlag flag : XmlFlag.values()) {
            if ((mask & flag.bit) != 0) {
                out.append(' ')
                        .append(flag.attribute)
                        .append("=\"")
                        .append(yesNo((flags & flag.bit) != 0))
                        .append('"');
            }
        }
        out.append(" />\n");
    }

    private static void element(StringBuilder out, String name, Optional<String> value) {
        value.ifPresent(v -> out.append(child(name))
                .append(text(v))
                .append("</")
                .append(name)
                .append(">\n"));
    }

    private static void element(StringBuilder out, String name, OptionalInt value) {
        value.ifPresent(
                v -> out.append(child(name)).append(v).append("</").append(name).append(">\n"));
    }

    private static String child(String name) {
        return "    <" + name + ">";
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static String text(String value) {
        return escape(value, false);
    }

    private static String attribute(String value) {
        return escape(value, true);
    }

    /**
     * Escapes markup; in attributes also quotes and the white space the parser would otherwise normalise. Refuses the
     * characters XML 1.0 cannot carry at all (control characters, unpaired surrogates): no file could hold them.
     */
    private static String escape(String value, boolean inAttribute) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(inAttribute ? "&quot;" : "\"");
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append(inAttribute ? "&#10;" : "\n");
                case '\t' -> out.append(inAttribute ? "&#9;" : "\t");
                default -> {
                    if (!allowed(value, i)) {
                        throw new IllegalArgumentException(String.format(
                                "character U+%04X at index %d cannot be written to an XML file", (int) c, i));
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    private static boolean allowed(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
        }
        return c >= 0x20 && c != 0xFFFE && c != 0xFFFF;
    }
}
