package org.entsso.sso.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entsso.sso.AppFlags;
import org.entsso.sso.admin.xml.ApplicationXml;
import org.entsso.sso.admin.xml.FieldXml;
import org.entsso.sso.admin.xml.GlobalInfoXml;
import org.entsso.sso.admin.xml.Location;
import org.entsso.sso.admin.xml.MappingXml;
import org.entsso.sso.client.SsoClientException;

/**
 * Between ENTSSO's XML files ({@link org.entsso.sso.admin.xml}) and the API's JSON: the bodies a file becomes, the
 * file a display becomes, and a server's refusal of a file's n-th entry located at that entry's line. Stateless.
 */
final class XmlFiles {
    /** The flags an application's XML can say: everything but the type bits, which {@code type} says. */
    static final int XML_FLAGS = AppFlags.KNOWN & ~AppFlags.TYPE_FLAGS;

    private static final Pattern ROW = Pattern.compile("^\\[(\\d+)] (Application|Mapping) (\\d+) ");

    private XmlFiles() {}

    /** The create body of one application: the type's default flags, changed where the file names a flag. */
    static ObjectNode creation(ApplicationXml app) {
        ObjectNode json = common(app);
        app.type().ifPresent(t -> json.put("type", t));
        ArrayNode fields = json.putArray("fields");
        for (FieldXml field : app.fields()) {
            ObjectNode f = fields.addObject();
            f.put("name", field.label());
            f.put("masked", field.masked());
            f.put("sync", field.sync());
        }
        int mask = app.flagMask() & ~AppFlags.TYPE_FLAGS;
        boolean enable = (app.flagMask() & app.flags() & AppFlags.ENABLED) != 0;
        mask &= ~AppFlags.ENABLED;
        if (mask != 0) {
            json.put("flags", app.flags() & mask);
            json.put("flagMask", mask);
        }
        if (enable) {
            json.put("enable", true);
        }
        return json;
    }

    /** The update body of one application: only what the file names changes. */
    static ObjectNode update(ApplicationXml app) {
        ObjectNode json = common(app);
        int mask = app.flagMask() & ~AppFlags.TYPE_FLAGS;
        if (mask != 0) {
            json.put("flags", app.flags() & mask);
            json.put("flagMask", mask);
        }
        return json;
    }

    private static ObjectNode common(ApplicationXml app) {
        ObjectNode json = AdminApi.object();
        json.put("name", app.name());
        app.description().ifPresent(d -> json.put("description", d));
        app.contact().ifPresent(c -> json.put("contact", c));
        if (!app.userAccounts().isEmpty()) {
            ArrayNode users = json.putArray("userGroups");
            app.userAccounts().forEach(users::add);
        }
        if (!app.adminAccounts().isEmpty()) {
            ArrayNode admins = json.putArray("adminGroups");
            app.adminAccounts().forEach(admins::add);
        }
        app.ticketTimeoutMinutes().ifPresent(t -> json.put("ticketTimeoutMinutes", t));
        return json;
    }

    /** An application as the API shows it, as its XML (every flag named, so replaying it restores them all). */
    static ApplicationXml application(JsonNode app) {
        List<FieldXml> fields = new ArrayList<>();
        int ordinal = 0;
        for (JsonNode f : app.path("fields")) {
            fields.add(new FieldXml(
                    ordinal++,
                    f.path("name").asText(),
                    f.path("masked").asBoolean(),
                    f.path("sync").asBoolean()));
        }
        int flags = app.path("flags").asInt();
        return new ApplicationXml(
                app.path("name").asText(),
                Optional.of(app.path("type").asText()),
                optionalText(app.path("description")),
                optionalText(app.path("contact")),
                texts(app.path("userGroups")),
                texts(app.path("adminGroups")),
                fields,
                flags & XML_FLAGS,
                XML_FLAGS,
                app.path("ticketTimeoutMinutes").isNumber()
                        ? OptionalInt.of(app.path("ticketTimeoutMinutes").asInt())
                        : OptionalInt.empty(),
                Location.of("the SSO server"));
    }

    /** A mapping as the API shows it, as its XML. */
    static MappingXml mapping(JsonNode m) {
        String account = m.path("account").asText();
        int slash = account.indexOf('\\');
        return new MappingXml(
                slash < 0 ? "" : account.substring(0, slash),
                account.substring(slash + 1),
                m.path("application").asText(),
                m.path("externalUser").asText(),
                Location.of("the SSO server"));
    }

    /** The global settings as the API shows them, as {@code <globalInfo>}. */
    static GlobalInfoXml globalInfo(JsonNode g) {
        return new GlobalInfoXml(
                optionalText(g.path("ssoAdminGroup")),
                optionalText(g.path("affiliateAdminGroup")),
                optionalText(g.path("secretServer")),
                OptionalInt.of(g.path("auditDeletedApps").asInt()),
                OptionalInt.of(g.path("auditDeletedMappings").asInt()),
                OptionalInt.of(Math.min(
                        g.path("auditNtpLookups").asInt(),
                        g.path("auditXpLookups").asInt())),
                OptionalInt.of(g.path("ticketTimeout").asInt()),
                OptionalInt.of(g.path("credCacheTimeout").asInt()),
                Location.of("the SSO server"));
    }

    /**
     * Fields and type cannot change after an application is created: an update file may repeat them (a display saved
     * as a file does) only as they are. Reads the application only when the file repeats either.
     */
    static void requireUnchangeable(ApplicationXml app, Supplier<JsonNode> current) {
        if (app.fields().isEmpty() && app.type().isEmpty()) {
            return;
        }
        JsonNode now;
        try {
            now = current.get();
        } catch (SsoClientException e) {
            throw located(e, app.location(), app.name());
        }
        if (app.type().isPresent() && !app.type().get().equals(now.path("type").asText())) {
            throw CommandFailure.usage(app.location() + ": application " + app.name() + " is of type "
                    + now.path("type").asText() + ", not " + app.type().get() + ", and the type cannot change after"
                    + " an application is created; nothing applied");
        }
        if (app.fields().isEmpty()) {
            return;
        }
        JsonNode fields = now.path("fields");
        boolean same = fields.size() == app.fields().size();
        for (int i = 0; same && i < fields.size(); i++) {
            FieldXml mine = app.fields().get(i);
            JsonNode theirs = fields.get(i);
            same = mine.label().equals(theirs.path("name").asText())
                    && mine.masked() == theirs.path("masked").asBoolean()
                    && mine.sync() == theirs.path("sync").asBoolean();
        }
        if (!same) {
            throw CommandFailure.usage(app.location() + ": application " + app.name() + ": its fields differ from"
                    + " those it was created with, and fields cannot change after an application is created;"
                    + " nothing applied");
        }
    }

    /** The server's refusal of the n-th entry of a file, prefixed with that entry's location. */
    static SsoClientException located(SsoClientException e, Path file, String noun, List<Location> locations) {
        Matcher m = ROW.matcher(e.getMessage());
        if (m.find() && m.group(2).equals(noun)) {
            int index = Integer.parseInt(m.group(3)) - 1;
            if (index >= 0 && index < locations.size()) {
                return new SsoClientException(
                        e.code(), locations.get(index) + ": " + stripCode(e.getMessage()), null, e.httpStatus(), null);
            }
        }
        return new SsoClientException(e.code(), file + ": " + stripCode(e.getMessage()), null, e.httpStatus(), null);
    }

    private static SsoClientException located(SsoClientException e, Location location, String name) {
        return new SsoClientException(
                e.code(),
                location + ": application " + name + ": " + stripCode(e.getMessage()),
                null,
                e.httpStatus(),
                null);
    }

    private static String stripCode(String message) {
        return message.replaceFirst("^\\[\\d+] ", "");
    }

    private static Optional<String> optionalText(JsonNode node) {
        return node.isNull() || node.isMissingNode() || node.asText().isEmpty()
                ? Optional.empty()
                : Optional.of(node.asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
