package org.entsso.sso.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.entsso.sso.admin.xml.ApplicationXml;
import org.entsso.sso.admin.xml.SsoXml;
import org.entsso.sso.admin.xml.SsoXmlException;
import org.entsso.sso.client.SsoClientException;

/**
 * ssomanage's application verbs: {@code -listapps [all]}, {@code -displayapp}, {@code -createapps},
 * {@code -updateapps}, {@code -deleteapp}, {@code -enableapp}, {@code -disableapp}, {@code -purgecache}. A file is
 * applied in one request, all or nothing.
 */
final class ApplicationVerbs {
    private final AdminApi api;
    private final Output output;

    ApplicationVerbs(AdminApi api, Output output) {
        this.api = api;
        this.output = output;
    }

    void list(boolean all) {
        output.noXml("-listapps");
        JsonNode answer = api.get("/v1/applications" + (all ? "?all=true" : ""));
        if (!output.text()) {
            output.json(answer);
            return;
        }
        JsonNode apps = answer.path("applications");
        output.out.println("Applications available to " + api.client().principal() + (all ? " (all types)" : "") + ":");
        if (apps.isEmpty()) {
            output.out.println("  (none)");
        }
        for (JsonNode app : apps) {
            output.out.printf(
                    Locale.ROOT,
                    "  %s %-30s %-12s %s%n",
                    app.path("enabled").asBoolean() ? "(E)" : "(D)",
                    app.path("name").asText(),
                    typeLabel(app.path("type").asText()),
                    app.path("description").isNull()
                            ? ""
                            : app.path("description").asText());
        }
    }

    void display(String name) {
        JsonNode app = api.get(AdminApi.application(name));
        switch (output.format) {
            case JSON -> output.json(app);
            case XML -> output.out.print(SsoXml.writeApplications(List.of(XmlFiles.application(app))));
            case TEXT -> printText(app);
        }
    }

    private void printText(JsonNode app) {
        var out = output.out;
        out.println("Application Name: " + app.path("name").asText());
        out.println("  Description:                " + text(app.path("description")));
        out.println("  Contact:                    " + text(app.path("contact")));
        out.println(
                "  Type:                       " + typeLabel(app.path("type").asText()));
        out.println("  Status:                     " + (app.path("enabled").asBoolean() ? "Enabled" : "Disabled"));
        out.println("  Application Users:          " + join(app.path("userGroups")));
        out.println("  Application Administrators: " + join(app.path("adminGroups")));
        out.println("  Flags:                      0x"
                + Integer.toHexString(app.path("flags").asInt()) + " (" + join(app.path("flagNames")) + ")");
        out.println("  Ticket Timeout (minutes):   "
                + (app.path("ticketTimeoutMinutes").isNumber()
                        ? app.path("ticketTimeoutMinutes").asText()
                        : "(the global ticket timeout)"));
        out.println("  Fields:");
        int ordinal = 0;
        for (JsonNode field : app.path("fields")) {
            out.println("    " + ordinal++ + "  " + field.path("name").asText()
                    + (field.path("masked").asBoolean() ? "  (masked)" : "")
                    + (field.path("sync").asBoolean() ? "  (synchronized)" : ""));
        }
    }

    void create(Path file) {
        output.noXml("-createapps");
        List<ApplicationXml> apps = read(file, false);
        ArrayNode list = AdminApi.JSON.createArrayNode();
        apps.forEach(app -> list.add(XmlFiles.creation(app)));
        ObjectNode body = AdminApi.object();
        body.set("applications", list);
        try {
            api.create("/v1/applications", body);
        } catch (SsoClientException e) {
            throw XmlFiles.located(
                    e,
                    file,
                    "Application",
                    apps.stream().map(ApplicationXml::location).toList());
        }
        report(apps.size() + " application(s) created from " + file + ".");
    }

    void update(Path file) {
        output.noXml("-updateapps");
        List<ApplicationXml> apps = read(file, true);
        ArrayNode list = AdminApi.JSON.createArrayNode();
        for (ApplicationXml app : apps) {
            XmlFiles.requireUnchangeable(app, () -> api.get(AdminApi.application(app.name())));
            list.add(XmlFiles.update(app));
        }
        ObjectNode body = AdminApi.object();
        body.set("applications", list);
        try {
            api.send("PATCH", "/v1/applications", body);
        } catch (SsoClientException e) {
            throw XmlFiles.located(
                    e,
                    file,
                    "Application",
                    apps.stream().map(ApplicationXml::location).toList());
        }
        report(apps.size() + " application(s) updated from " + file + ".");
    }

    void delete(String name) {
        output.noXml("-deleteapp");
        api.send("DELETE", AdminApi.application(name), null);
        report("The application " + name + " was deleted with its mappings and config info.");
    }

    void setEnabled(String name, boolean enabled) {
        output.noXml(enabled ? "-enableapp" : "-disableapp");
        api.send("POST", AdminApi.application(name) + (enabled ? "/enable" : "/disable"), null);
        report("The application " + name + " is " + (enabled ? "enabled" : "disabled") + ".");
    }

    void purgeCache(String name) {
        output.noXml("-purgecache");
        api.send("POST", AdminApi.application(name) + "/purge", null);
        report("Every SSO server dropped its cached credentials of " + name + ".");
    }

    private void report(String sentence) {
        if (output.text()) {
            output.out.println(sentence);
        }
        output.done();
    }

    private static List<ApplicationXml> read(Path file, boolean forUpdate) {
        try {
            return new ArrayList<>(
                    forUpdate
                            ? SsoXml.readApplicationUpdates(file).applications()
                            : SsoXml.readApplications(file).applications());
        } catch (SsoXmlException e) {
            throw CommandFailure.usage(e.getMessage() + "; nothing applied");
        }
    }

    static String typeLabel(String type) {
        return switch (type) {
            case "individual" -> "Individual";
            case "group" -> "Group";
            case "hostGroup" -> "Host Group";
            case "configStore" -> "Config Store";
            default -> type;
        };
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? "" : node.asText();
    }

    static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.asText()));
        return String.join(", ", items);
    }
}
