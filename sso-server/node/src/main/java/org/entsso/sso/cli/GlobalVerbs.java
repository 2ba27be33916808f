package org.entsso.sso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.SsoClient;

/**
 * {@code ssoconfig -auditlevel} and {@code -remoteLookup}: settings of the global row, changed through {@code PUT
 * /v1/global} (docs/api.md) on any SSO server of the administrator's {@code client.properties}, with the client
 * library's failover. The server checks the caller is an SSO administrator (11042 otherwise). Not thread-safe.
 */
final class GlobalVerbs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LEVELS = {"none", "low", "medium", "high"};

    private GlobalVerbs() {}

    /** Sets both audit levels and prints them as the server now has them. */
    static void auditLevels(Path configOption, int positive, int negative, PrintWriter out) {
        for (int level : new int[] {positive, negative}) {
            if (level < 0 || level > 3) {
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT,
                        "-auditlevel takes two levels, each 0 (none), 1 (low), 2 (medium) or 3 (high); not " + level
                                + ".");
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("auditPositiveLevel", positive);
        body.put("auditNegativeLevel", negative);
        JsonNode g = put(configOption, body);
        out.println(
                "Audit levels: positive " + level(g.path("auditPositiveLevel").asInt()) + ", negative "
                        + level(g.path("auditNegativeLevel").asInt()) + ".");
        out.println("The operation completed successfully.");
    }

    /** Allows or refuses lookups from other machines on every SSO server; prints the new setting. */
    static void remoteLookup(Path configOption, String value, PrintWriter out) {
        ObjectNode body = JSON.createObjectNode();
        body.put("remoteLookup", yesNo(value));
        JsonNode g = put(configOption, body);
        if (g.path("remoteLookup").asBoolean(true)) {
            out.println("Remote lookup: allowed. Every SSO server answers lookups from other machines.");
        } else {
            out.println("Remote lookup: not allowed. Every SSO server refuses lookups from other machines with"
                    + " 11068 and answers only callers on its own machine (over loopback).");
        }
        out.println("The operation completed successfully.");
    }

    /** ENTSSO's yes/no, also on/off and true/false, any case. */
    static boolean yesNo(String value) {
        return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
            case "yes", "on", "true" -> true;
            case "no", "off", "false" -> false;
            default ->
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT, "-remoteLookup takes yes or no, not '" + value + "'.");
        };
    }

    private static String level(int level) {
        return level >= 0 && level < LEVELS.length ? level + " (" + LEVELS[level] + ")" : Integer.toString(level);
    }

    private static JsonNode put(Path configOption, ObjectNode body) {
        Path file = AdminSession.configFile(configOption);
        try (SsoClient client = SsoClient.open(ClientConfigFile.load(file))) {
            return JSON.readTree(client.exchange("PUT", "/v1/global", body.toString(), false));
        } catch (IllegalArgumentException e) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "Cannot use the certificate: " + e.getMessage() + ".");
        } catch (IOException e) {
            throw new ConfigFailure(
                    SsoConfigCommand.EXIT_REFUSED,
                    "The SSO server's answer is not in the /v1 format; client and server versions may differ.");
        }
    }
}
