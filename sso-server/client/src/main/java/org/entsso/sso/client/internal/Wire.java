package org.entsso.sso.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.entsso.sso.client.NewApplication;
import org.entsso.sso.client.ServerStatus;
import org.entsso.sso.client.SsoCredentials;

/**
 * The JSON bodies of docs/api.md. Secret values (credential fields) are written and read with Jackson's streaming API
 * straight from and into {@code char[]}, into buffers that are zeroed afterwards; they never become a {@code String}
 * here. Jackson's own recycled buffers may still hold a copy until reused: a limit we accept (the JDK TLS stack has
 * the same). Stateless; thread-safe.
 */
public final class Wire {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private Wire() {}

    /** {@code {"fields": {"1": "value", ...}}}; the caller wipes the result. */
    public static byte[] credentials(Map<Integer, char[]> fields) {
        WipeableBytes out = new WipeableBytes();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("fields");
            for (Map.Entry<Integer, char[]> field : new TreeMap<>(fields).entrySet()) {
                json.writeFieldName(Integer.toString(field.getKey()));
                json.writeString(field.getValue(), 0, field.getValue().length);
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            out.wipe();
            throw new UncheckedIOException(e);
        }
        byte[] body = out.toByteArray();
        out.wipe();
        return body;
    }

    /** Reads {@code {"application", "account", "externalUser", "fields": {"1": "value"}}}. */
    public static SsoCredentials readCredentials(byte[] body) throws IOException {
        String application = null;
        String account = null;
        String externalUser = null;
        Map<Integer, char[]> fields = new TreeMap<>();
        try (JsonParser json = JSON.createParser(body)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "application" -> application = json.getValueAsString();
                    case "account" -> account = json.getValueAsString();
                    case "externalUser" -> externalUser = json.getValueAsString();
                    case "fields" -> readFields(json, value, fields);
                    default -> json.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            fields.values().forEach(v -> Arrays.fill(v, '\0'));
            throw e instanceof IOException io ? io : new IOException("not a credentials answer", e);
        }
        if (application == null || account == null || externalUser == null) {
            fields.values().forEach(v -> Arrays.fill(v, '\0'));
            throw new IOException("the credentials answer lacks application, account or externalUser");
        }
        return new SsoCredentials(application, account, externalUser, fields);
    }

    private static void readFields(JsonParser json, JsonToken start, Map<Integer, char[]> fields) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            int ordinal = Integer.parseInt(json.currentName());
            expect(json.nextToken(), JsonToken.VALUE_STRING);
            int offset = json.getTextOffset();
            fields.put(ordinal, Arrays.copyOfRange(json.getTextCharacters(), offset, offset + json.getTextLength()));
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }

    /** {@code {"properties": {...}}}. */
    public static byte[] config(Map<String, String> properties) {
        return write(Map.of("properties", new TreeMap<>(properties)));
    }

    /** The {@code properties} of {@code {"application", "identifier", "properties": {...}}}, in answer order. */
    public static Map<String, String> readConfig(byte[] body) throws IOException {
        JsonNode properties = MAPPER.readTree(body).path("properties");
        if (!properties.isObject()) {
            throw new IOException("the config info answer has no properties object");
        }
        Map<String, String> result = new LinkedHashMap<>();
        properties
                .fields()
                .forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    /** The body of {@code POST /v1/applications}. */
    public static byte[] application(NewApplication app) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", app.name());
        body.put("description", app.description());
        body.put("contact", app.contact());
        body.put("userGroups", app.userGroups());
        body.put("adminGroups", app.adminGroups());
        body.put("fields", app.fields().stream().map(Wire::field).toList());
        if (!app.type().equals("individual")) {
            body.put("type", app.type());
        }
        return write(body);
    }

    private static Map<String, Object> field(NewApplication.Field field) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", field.name());
        json.put("masked", field.masked());
        return json;
    }

    /** The body of {@code POST /v1/applications/{app}/mappings}. */
    public static byte[] redeem(String ticket, String sender) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ticket", ticket);
        if (sender != null) {
            body.put("sender", sender);
        }
        return write(body);
    }

    /** {@code {"externalUser": "...", "password": "..."}}, written without a String copy of the password. */
    public static byte[] reverse(String externalUser, char[] password) {
        WipeableBytes out = new WipeableBytes();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("externalUser", externalUser);
            if (password != null) {
                json.writeFieldName("password");
                json.writeString(password, 0, password.length);
            }
            json.writeEndObject();
        } catch (IOException e) {
            out.wipe();
            throw new UncheckedIOException(e);
        }
        byte[] body = out.toByteArray();
        out.wipe();
        return body;
    }

    public static org.entsso.sso.client.SsoTicket readTicket(byte[] body) throws IOException {
        JsonNode json = MAPPER.readTree(body);
        if (!json.path("ticket").isTextual() || !json.path("issuer").isTextual()) {
            throw new IOException("the ticket answer has no ticket");
        }
        try {
            return new org.entsso.sso.client.SsoTicket(
                    json.get("ticket").asText(),
                    json.get("issuer").asText(),
                    java.time.Instant.parse(json.path("issuedAt").asText()));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("the ticket answer has no issuedAt", e);
        }
    }

    public static List<String> readIdentifiers(byte[] body) throws IOException {
        JsonNode identifiers = MAPPER.readTree(body).path("identifiers");
        if (!identifiers.isArray()) {
            throw new IOException("the answer has no identifiers");
        }
        List<String> result = new java.util.ArrayList<>();
        identifiers.forEach(id -> result.add(id.asText()));
        return result;
    }

    public static String readAccount(byte[] body) throws IOException {
        JsonNode account = MAPPER.readTree(body).path("account");
        if (!account.isTextual()) {
            throw new IOException("the reverse lookup answer has no account");
        }
        return account.asText();
    }

    public static byte[] mappings(List<org.entsso.sso.client.NewMapping> mappings, boolean create) {
        List<Map<String, Object>> list = new java.util.ArrayList<>(mappings.size());
        for (org.entsso.sso.client.NewMapping m : mappings) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("application", m.application());
            entry.put("account", m.account());
            if (m.externalUser() != null) {
                entry.put("externalUser", m.externalUser());
            } else if (create) {
                throw new IllegalArgumentException("a mapping to create needs its external user");
            }
            list.add(entry);
        }
        return write(Map.of("mappings", list));
    }

    public static byte[] mapping(String account, String externalUser) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", account);
        body.put("externalUser", externalUser);
        return write(body);
    }

    /** The status document of {@code server}, answered with {@code status}. */
    public static ServerStatus readStatus(URI server, int status, byte[] body) throws IOException {
        JsonNode doc = MAPPER.readTree(body);
        if (doc == null || !doc.isObject()) {
            throw new IOException("the answer is not a status document");
        }
        return new ServerStatus(
                server,
                status,
                doc.path("node").asText(""),
                doc.path("role").asText(""),
                doc.path("availability").asText(""),
                new String(body, StandardCharsets.UTF_8));
    }

    /**
     * The endpoints of {@code {"nodes": [{"name": ..., "endpoint": "https://host:port", ...}, ...]}} (the answer of
     * {@code GET /v1/sys/nodes}), in order; an entry whose endpoint is not {@code https://host:port} is skipped.
     */
    public static List<URI> readNodes(byte[] body) throws IOException {
        JsonNode doc = MAPPER.readTree(body);
        if (doc == null || !doc.path("nodes").isArray()) {
            throw new IOException("the answer is not a node list");
        }
        List<URI> endpoints = new ArrayList<>();
        for (JsonNode node : doc.get("nodes")) {
            try {
                endpoints.add(Endpoints.parse(node.path("endpoint").asText("")));
            } catch (IllegalArgumentException e) {
                continue; // a node advertising an unusable endpoint is not one to send requests to
            }
        }
        return endpoints;
    }

    /** The {@code code} and {@code message} of an error body, if it is one. */
    public static ErrorBody readError(byte[] body) {
        try {
            JsonNode doc = MAPPER.readTree(body);
            if (doc != null && doc.path("code").isInt() && doc.path("message").isTextual()) {
                return new ErrorBody(doc.get("code").asInt(), doc.get("message").asText());
            }
        } catch (IOException e) {
            return null; // not JSON: the caller reports it as an unexpected answer, with the body
        }
        return null;
    }

    /** An error answer's content. */
    public record ErrorBody(int code, String message) {}

    private static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A byte buffer whose backing array can be zeroed. */
    private static final class WipeableBytes extends ByteArrayOutputStream {
        void wipe() {
            Arrays.fill(buf, (byte) 0);
            count = 0;
        }
    }
}
