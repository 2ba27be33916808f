package org.entsso.sso.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.entsso.sso.admin.xml.MappingXml;
import org.entsso.sso.admin.xml.SsoXml;
import org.entsso.sso.admin.xml.SsoXmlException;
import org.entsso.sso.client.SsoClientException;

/**
 * The mapping verbs of ssomanage and ssoclient: {@code -listmappings}, {@code -createmappings}, {@code
 * -deletemappings}, {@code -deletemapping}, {@code -enablemapping}, {@code -disablemapping} and {@code
 * -setcredentials}. A file is applied in one request, all or nothing.
 */
final class MappingVerbs {
    private final AdminApi api;
    private final Output output;

    MappingVerbs(AdminApi api, Output output) {
        this.api = api;
        this.output = output;
    }

    /** {@code -listmappings}: by account, by application, or both; without either, the caller's own. */
    void list(Optional<String> account, Optional<String> application) {
        List<String> query = new ArrayList<>();
        application.ifPresent(a -> query.add("application=" + AdminApi.segment(a)));
        account.ifPresent(a -> query.add("account=" + AdminApi.segment(a)));
        JsonNode answer = api.get("/v1/mappings" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        JsonNode mappings = answer.path("mappings");
        switch (output.format) {
            case JSON -> output.json(answer);
            case XML -> {
                List<MappingXml> list = new ArrayList<>();
                mappings.forEach(m -> list.add(XmlFiles.mapping(m)));
                output.out.print(SsoXml.writeMappings(list));
            }
            case TEXT -> {
                String whose = account.map(a -> "of " + a).orElse("");
                String where = application.map(a -> "in " + a).orElse("");
                String title = (whose + " " + where).strip();
                output.out.println(
                        "Mappings " + (title.isEmpty() ? "of " + api.client().principal() : title) + ":");
                if (mappings.isEmpty()) {
                    output.out.println("  (none)");
                }
                for (JsonNode m : mappings) {
                    output.out.printf(
                            Locale.ROOT,
                            "  %s %-24s %-28s %s%n",
                            m.path("enabled").asBoolean() ? "(E)" : "(D)",
                            m.path("application").asText(),
                            m.path("account").asText(),
                            m.path("externalUser").asText());
                }
            }
        }
    }

    void create(Path file) {
        output.noXml("-createmappings");
        List<MappingXml> mappings = read(file);
        try {
            api.create("/v1/mappings", body(mappings, true));
        } catch (SsoClientException e) {
            throw XmlFiles.located(
                    e,
                    file,
                    "Mapping",
                    mappings.stream().map(MappingXml::location).toList());
        }
        report(mappings.size() + " mapping(s) created from " + file + " (disabled until their credentials are set).");
    }

    void delete(Path file) {
        output.noXml("-deletemappings");
        List<MappingXml> mappings = read(file);
        try {
            api.send("POST", "/v1/mappings/delete", body(mappings, false));
        } catch (SsoClientException e) {
            throw XmlFiles.located(
                    e,
                    file,
                    "Mapping",
                    mappings.stream().map(MappingXml::location).toList());
        }
        report(mappings.size() + " mapping(s) deleted as " + file + " lists them.");
    }

    void delete(String account, String application) {
        output.noXml("-deletemapping");
        api.send("DELETE", AdminApi.mapping(application, account), null);
        report("The mapping of " + account + " in " + application + " was deleted.");
    }

    void setEnabled(String account, String application, boolean enabled) {
        output.noXml(enabled ? "-enablemapping" : "-disablemapping");
        api.send("POST", AdminApi.mapping(application, account) + (enabled ? "/enable" : "/disable"), null);
        report("The mapping of " + account + " in " + application + " is " + (enabled ? "enabled" : "disabled") + ".");
    }

    /**
     * {@code -setcredentials}: asks for the external user id when the account has no mapping yet (and creates it),
     * then for each credential field, masked ones without echo and twice; the mapping comes out enabled.
     */
    void setCredentials(String account, String application, CredentialInput input) {
        output.noXml("-setcredentials");
        JsonNode app = api.get(AdminApi.application(application));
        List<JsonNode> fields = new ArrayList<>();
        app.path("fields").forEach(fields::add);
        JsonNode existing = api.get("/v1/mappings?application=" + AdminApi.segment(application) + "&account="
                        + AdminApi.segment(account))
                .path("mappings");
        if (existing.isEmpty()) {
            String externalUser = input.externalUser(
                    account, application, fields.get(0).path("name").asText());
            ObjectNode mapping = AdminApi.object();
            mapping.put("account", account);
            mapping.put("externalUser", externalUser);
            api.create(AdminApi.application(application) + "/mappings", mapping);
        }
        Map<Integer, char[]> values = input.credentials(fields);
        try {
            api.client().setCredentials(application, account, values);
        } finally {
            values.values().forEach(v -> java.util.Arrays.fill(v, '\0'));
        }
        report("The credentials of " + account + " in " + application + " were set; the mapping is enabled.");
    }

    private void report(String sentence) {
        if (output.text()) {
            output.out.println(sentence);
        }
        output.done();
    }

    private static ObjectNode body(List<MappingXml> mappings, boolean withExternalUser) {
        ObjectNode body = AdminApi.object();
        ArrayNode list = body.putArray("mappings");
        for (MappingXml m : mappings) {
            ObjectNode row = list.addObject();
            row.put("application", m.externalApplication());
            row.put("account", m.account());
            if (withExternalUser || !m.externalUserId().isEmpty()) {
                row.put("externalUser", m.externalUserId());
            }
        }
        return body;
    }

    private static List<MappingXml> read(Path file) {
        try {
            return SsoXml.readMappings(file).mappings();
        } catch (SsoXmlException e) {
            throw CommandFailure.usage(e.getMessage() + "; nothing applied");
        }
    }
}
