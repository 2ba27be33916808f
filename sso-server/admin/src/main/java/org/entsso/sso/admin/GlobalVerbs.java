package org.entsso.sso.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import org.entsso.sso.admin.xml.GlobalInfoXml;
import org.entsso.sso.admin.xml.SsoXml;
import org.entsso.sso.admin.xml.SsoXmlException;
import org.entsso.sso.client.SsoClientException;

/**
 * ssomanage's system-wide verbs: {@code -displaydb}, {@code -updatedb}, {@code -enablesso}/{@code -disablesso},
 * {@code -enable}/{@code -disable hisso} and {@code -tickets}.
 */
final class GlobalVerbs {
    private final AdminApi api;
    private final Output output;

    GlobalVerbs(AdminApi api, Output output) {
        this.api = api;
        this.output = output;
    }

    void display() {
        JsonNode g = api.get("/v1/global");
        switch (output.format) {
            case JSON -> output.json(g);
            case XML -> output.out.print(SsoXml.writeGlobalInfo(XmlFiles.globalInfo(g)));
            case TEXT -> {
                var out = output.out;
                out.println("SSO database information:");
                line("Secret server", text(g.path("secretServer")));
                line("SSO Admin account", text(g.path("ssoAdminGroup")));
                line("SSO Affiliate Admin account", text(g.path("affiliateAdminGroup")));
                line(
                        "Audit table size, deleted applications",
                        g.path("auditDeletedApps").asText());
                line(
                        "Audit table size, deleted mappings",
                        g.path("auditDeletedMappings").asText());
                line(
                        "Audit table size, credential lookups",
                        g.path("auditNtpLookups").asText() + " (Windows-initiated), "
                                + g.path("auditXpLookups").asText() + " (host-initiated)");
                line("Ticket timeout (minutes)", g.path("ticketTimeout").asText());
                line(
                        "Credential cache timeout (minutes)",
                        g.path("credCacheTimeout").asText());
                line("SSO status", g.path("ssoEnabled").asBoolean() ? "Enabled" : "Disabled");
                line("Tickets allowed", yesNo(g.path("allowTickets")));
                line("Validate tickets", yesNo(g.path("validateTickets")));
                line("Host-initiated SSO", g.path("hostInitiated").asBoolean() ? "Enabled" : "Disabled");
                line(
                        "Audit levels (positive, negative)",
                        g.path("auditPositiveLevel").asText() + ", "
                                + g.path("auditNegativeLevel").asText());
            }
        }
    }

    private void line(String label, String value) {
        output.out.printf(Locale.ROOT, "  %-42s %s%n", label + ":", value);
    }

    /**
     * {@code -updatedb}: the settings the file names. The master secret server is the cluster's network name and
     * moves with its group ({@code cluster group move}), so a {@code secretServer} other than the current one is
     * refused with that advice.
     */
    void update(Path file) {
        output.noXml("-updatedb");
        GlobalInfoXml info;
        try {
            info = SsoXml.readGlobalInfo(file).globalInfo();
        } catch (SsoXmlException e) {
            throw CommandFailure.usage(e.getMessage() + "; nothing applied");
        }
        ObjectNode body = AdminApi.object();
        info.ssoAdminAccount().ifPresent(v -> body.put("ssoAdminGroup", v));
        info.ssoAffiliateAdminAccount().ifPresent(v -> body.put("affiliateAdminGroup", v));
        info.auditDeletedApps().ifPresent(v -> body.put("auditDeletedApps", v));
        info.auditDeletedMappings().ifPresent(v -> body.put("auditDeletedMappings", v));
        info.auditCredentialLookups().ifPresent(v -> body.put("auditCredentialLookups", v));
        info.ticketTimeout().ifPresent(v -> body.put("ticketTimeout", v));
        info.credCacheTimeout().ifPresent(v -> body.put("credCacheTimeout", v));
        if (info.secretServer().isPresent()) {
            String current = text(api.get("/v1/global").path("secretServer"));
            if (!info.secretServer().get().equalsIgnoreCase(current)) {
                throw CommandFailure.refused(info.location() + ": the master secret server is the cluster's network"
                        + " name " + (current.isEmpty() ? "ENTSSO" : current) + " and moves with its group: run"
                        + " 'cluster group move ENTSSO <node>' (secretServer "
                        + info.secretServer().get()
                        + " not applied; nothing applied)");
            }
        }
        if (body.isEmpty()) {
            report("Nothing to change in " + file + ".");
            return;
        }
        try {
            api.send("PUT", "/v1/global", body);
        } catch (SsoClientException e) {
            throw new SsoClientException(
                    e.code(),
                    file + ": " + e.getMessage().replaceFirst("^\\[\\d+] ", "") + " (nothing applied)",
                    null,
                    e.httpStatus(),
                    null);
        }
        report("The SSO database information was updated from " + file + ".");
    }

    void setSso(boolean enabled) {
        output.noXml(enabled ? "-enablesso" : "-disablesso");
        api.send("POST", "/v1/global/" + (enabled ? "enable" : "disable"), null);
        report("SSO is " + (enabled ? "enabled" : "disabled") + " on every SSO server.");
    }

    /** {@code -enable|-disable hisso}; password synchronisation (winsync, extsync) is not part of this system. */
    void setFeature(String feature, boolean enabled) {
        output.noXml(enabled ? "-enable" : "-disable");
        switch (feature.toLowerCase(Locale.ROOT)) {
            case "hisso" -> {
                ObjectNode body = AdminApi.object();
                body.put("hostInitiated", enabled);
                api.send("PUT", "/v1/global", body);
                report("Host-initiated SSO is " + (enabled ? "enabled" : "disabled") + ".");
            }
            case "winsync", "extsync" ->
                throw CommandFailure.usage("Password synchronisation (" + feature + ") is not part of this system;"
                        + " -enable and -disable take hisso");
            default -> throw CommandFailure.usage("-enable and -disable take hisso, not " + feature);
        }
    }

    /** {@code -tickets <allow> <validate>}: yes/no/on/off in any case. */
    void tickets(String allow, String validate) {
        output.noXml("-tickets");
        boolean allowed = yesNo(allow, "-tickets <allow>");
        boolean validated = yesNo(validate, "-tickets <validate>");
        ObjectNode body = AdminApi.object();
        body.put("allowTickets", allowed);
        body.put("validateTickets", validated);
        api.send("PUT", "/v1/global", body);
        report("Tickets are " + (allowed ? "allowed" : "not allowed") + " and " + (validated ? "" : "not ")
                + "validated.");
    }

    static boolean yesNo(String value, String what) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "on", "true" -> true;
            case "no", "off", "false" -> false;
            default -> throw CommandFailure.usage(what + " takes yes, no, on or off, not " + value);
        };
    }

    private void report(String sentence) {
        if (output.text()) {
            output.out.println(sentence);
        }
        output.done();
    }

    private static String yesNo(JsonNode node) {
        return node.asBoolean() ? "Yes" : "No";
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? "" : node.asText();
    }
}
