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
import org.entsso.sso.store.AppType;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.transport.internal.JsonResponses.WipeableBuffer;

/**
 * Config-store items of Config Store applications under {@code /v1/config/{app}/{identifier}}: {@code PUT} forwards
 * the property bag to the master secret server ({@link EncryptingWrites#setConfigInfo}), which merges an update into
 * the stored bag; {@code GET} is the local read ({@link CredentialLookupService#getConfigInfo}), run-time mode (every
 * property) or admin mode (masked properties left out, anchors/entsso.md §3); {@code DELETE} removes an item; {@code
 * GET /v1/config/{app}} lists the identifiers.
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
        if (rest.size() == 1) {
            request.require("GET");
            list(request, rest.get(0));
            return;
        }
        if (rest.size() != 2) {
            throw Routes.noEndpoint(request);
        }
        switch (request.method()) {
            case "GET" -> get(request, rest.get(0), rest.get(1));
            case "PUT" -> put(request, rest.get(0), rest.get(1));
            case "DELETE" -> delete(request, rest.get(0), rest.get(1));
            default -> throw new MethodNotAllowed("GET, PUT, DELETE");
        }
    }

    /** {@code GET /v1/config/{app}}: the item identifiers, sorted (the application's users and administrators). */
    private void list(ApiRequest request, String application) throws IOException {
        List<String> identifiers = lookups.configIdentifiers(request.principal(), application);
        request.respondJson(200, json -> {
            json.writeStartObject();
            json.writeStringField("application", application);
            json.writeArrayFieldStart("identifiers");
            for (String identifier : identifiers) {
                json.writeString(identifier);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** {@code DELETE /v1/config/{app}/{identifier}}: DeleteConfigInfo, for the application's administrators. */
    private void delete(ApiRequest request, String application, String identifier) throws IOException {
        store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            AffiliateApplication app = s.applications().get(application);
            Access.requireAdministrator(s, request.principal(), app);
            if (app.type() != AppType.CONFIG_STORE) {
                throw new SsoException(
                        SsoError.WRONG_APPLICATION_TYPE, app.name() + " is not a Config Store application.");
            }
            if (!s.configItems().delete(app.name(), identifier)) {
                throw new SsoException(SsoError.NO_MAPPING, identifier + " in " + app.name());
            }
            return app.name();
        });
        request.respondEmpty(204);
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

    /** {@code GET /v1/config/{app}/{identifier}[?mode=runtime|admin]}: admin mode leaves masked properties out. */
    private void get(ApiRequest request, String application, String identifier) throws IOException {
        String mode = request.query().getOrDefault("mode", "runtime");
        if (!mode.equals("runtime") && !mode.equals("admin")) {
            throw Json.invalid("?mode= is runtime (every property) or admin (masked properties left out)");
        }
        SecretBytes bag = lookups.getConfigInfo(request.principal(), application, identifier, mode.equals("admin"));
        byte[] plain = bag.bytes();
        try {
            request.respondJson(200, json -> {
                json.writeStartObject();
                json.writeStringField("application", application);
                json.writeStringField("identifier", identifier);
                json.writeStringField("mode", mode);
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
