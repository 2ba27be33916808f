package org.entsso.sso.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.entsso.sso.client.SsoClient;

/**
 * The HTTPS API (sso-server/docs/api.md) as the command lines use it: JSON in, JSON out, through the client library's
 * failover and retries. Not thread-safe (one command at a time).
 */
final class AdminApi {
    static final ObjectMapper JSON = new ObjectMapper();

    private final SsoClient client;

    AdminApi(SsoClient client) {
        this.client = client;
    }

    SsoClient client() {
        return client;
    }

    JsonNode get(String path) {
        return parse(client.exchange("GET", path, null, false));
    }

    JsonNode send(String method, String path, JsonNode body) {
        return parse(client.exchange(method, path, body == null ? null : body.toString(), false));
    }

    /** A create: "already exists" on a retry counts as applied. */
    JsonNode create(String path, JsonNode body) {
        return parse(client.exchange("POST", path, body.toString(), true));
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** One path segment, percent-encoded (a name may hold a backslash, spaces or slashes). */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String application(String name) {
        return "/v1/applications/" + segment(name);
    }

    static String mapping(String application, String account) {
        return application(application) + "/mappings/" + segment(account);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw CommandFailure.refused(
                    "The SSO server's answer is not in the /v1 format; client and server versions" + " may differ.");
        }
    }
}
