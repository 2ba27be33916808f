package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.EncryptingWrites;
import org.entsso.sso.server.SecretBytes;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.transport.internal.JsonResponses.WipeableBuffer;

/**
 * Config-store items under {@code /v1/config/{app}/{identifier}}: {@code PUT} forwards the property bag to the
 * master secret server ({@link EncryptingWrites#setConfigInfo}); {@code GET} is the local run-time read
 * ({@link CredentialLookupService#getConfigInfo}), which returns every property, masked or not (anchors/entsso.md §3).
 *
 * <p>The stored bag (the plaintext the master secret server encrypts) is a UTF-8 JSON object of property names to
 * string values, as documented in sso-server/docs/api.md. Thread-safe.
 */
public final class ConfigEndpoint implements Endpoint {
    private final SsoStore store;
    private final CredentialLookupService lookups;
    private final EncryptingWrites writes;

    public ConfigEndpoint(SsoStore store, CredentialLookupService lookups, EncryptingWrites writes) {
        this.store = Objects.requireNonNull(store, "store");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
        this.writes = Objects.requireNonNull(writes, "writes");
    }

    @Override
    public void serve(ApiRequest request) throws IOException {
        List<String> rest = Routes.rest(request, 2);
        if (rest.size() != 2) {
            throw Routes.noEndpoint(request);
        }
        switch (request.method()) {
            case "GET" -> get(request, rest.get(0), rest.get(1));
            case "PUT" -> put(request, rest.get(0), rest.get(1));
            default -> throw new MethodNotAllowed("GET, PUT");
        }
    }

    private void put(ApiRequest request, String application, String identifier) throws IOException {
        WipeableBuffer body = request.body();
        Map<String, String> properties;
        try {
            properties = properties(Json.object(body.array(), body.size()));
        } finally {
            body.wipe();
        }
        String name = store.read(s -> {
            AffiliateApplication app = s.applications().get(application);
            Access.requireAdministrator(s, request.principal(), app);
            return app.name();
        });
        writes.setConfigInfo(request.principal(), request.requestId(), name, identifier, properties);
        request.respondEmpty(204);
    }

    private static Map<String, String> properties(JsonNode json) {
        JsonNode bag = json.get("properties");
        if (bag == null || !bag.isObject() || bag.isEmpty()) {
            throw Json.invalid("The field \"properties\" is required: an object of names to string values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = bag.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            if (property.getKey().isBlank() || !property.getValue().isTextual()) {
                throw Json.invalid("Each property has a non-empty name and a string value");
            }
            out.put(property.getKey(), property.getValue().asText());
        }
        return out;
    }

    private void get(ApiRequest request, String application, String identifier) throws IOException {
        SecretBytes bag = lookups.getConfigInfo(request.principal(), application, identifier);
        byte[] plain = bag.bytes();
        try {
            request.respondJson(200, json -> {
                json.writeStartObject();
                json.writeStringField("application", application);
                json.writeStringField("identifier", identifier);
                json.writeFieldName("properties");
                copyBag(plain, json);
                json.writeEndObject();
            });
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
            bag.clear();
        }
    }

    /** Copies the stored bag token by token, so values are not turned into Strings on the way. */
    private static void copyBag(byte[] plain, com.fasterxml.jackson.core.JsonGenerator json) throws IOException {
        try (JsonParser parser = Json.parser(plain, plain.length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw unreadable();
            }
            json.copyCurrentStructure(parser);
        } catch (JsonProcessingException e) {
            throw unreadable();
        }
    }

    private static SsoException unreadable() {
        return new SsoException(
                SsoError.DECRYPTION_FAILED, "The stored config info is not a JSON object of properties");
    }
}
