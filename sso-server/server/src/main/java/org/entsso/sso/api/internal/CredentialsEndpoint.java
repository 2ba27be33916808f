package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.Credentials;
import org.entsso.sso.server.EncryptingWrites;
import org.entsso.sso.server.LookupOption;
import org.entsso.sso.server.SecretBytes;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.transport.internal.JsonResponses.WipeableBuffer;

/**
 * Credentials: {@code PUT .../mappings/{account}/credentials} forwards to the master secret server through
 * {@link EncryptingWrites} (DESIGN.md decision 7) and then drops the cached credentials of the application on this server (before answering) and on every other
 * one;
 * {@code GET .../credentials} is the local lookup ({@link CredentialLookupService}) of the caller's own account; an
 * administrator reads another account's by redeeming its ticket ({@code POST .../tickets/redeem}); {@code POST
 * .../reverse} is the host-initiated lookup. Secret values never become Strings
 * here and every array holding one is zeroed. Thread-safe.
 */
public final class CredentialsEndpoint {
    private final SsoStore store;
    private final CredentialLookupService lookups;
    private final EncryptingWrites writes;

    public CredentialsEndpoint(SsoStore store, CredentialLookupService lookups, EncryptingWrites writes) {
        this.store = Objects.requireNonNull(store, "store");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
        this.writes = Objects.requireNonNull(writes, "writes");
    }

    /** {@code PUT /v1/applications/{app}/mappings/{account}/credentials} with {@code {"fields": {"1": "..."}}}. */
    void put(ApiRequest request, String application, String accountName) throws IOException {
        request.require("PUT");
        WindowsAccount account = Accounts.parse(accountName);
        SortedMap<Integer, byte[]> fields;
        WipeableBuffer body = request.body();
        try {
            fields = fields(body);
        } finally {
            body.wipe();
        }
        try {
            // Fail fast on this server; the master secret server checks again against the database.
            String name = store.read(s -> {
                AffiliateApplication app = s.applications().get(application);
                Access.requireMappingManager(s, request.principal(), app, account);
                return app.name();
            });
            Optional<PurgeStep> step =
                    writes.setCredentials(request.principal(), request.requestId(), name, account, fields);
            // Before the 204: this server never serves the older value after acknowledging the write; the others
            // drop theirs on the purge signal (issue 9), this account's only (issue 14). Also on a replayed request
            // id, whose first attempt may have been acknowledged to nobody.
            lookups.changed(name, account, step);
        } finally {
            fields.values().forEach(value -> Arrays.fill(value, (byte) 0));
        }
        request.respondEmpty(204);
    }

    private static SortedMap<Integer, byte[]> fields(WipeableBuffer body) throws IOException {
        if (body.size() == 0) {
            throw Json.invalid("The request needs a JSON body: {\"fields\": {\"1\": \"...\"}}");
        }
        SortedMap<Integer, byte[]> fields = new TreeMap<>();
        boolean complete = false;
        try (JsonParser parser = Json.parser(body.array(), body.size())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw Json.invalid("The request body must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("fields".equals(name) && value == JsonToken.START_OBJECT) {
                    readFields(parser, fields);
                } else if ("fields".equals(name)) {
                    throw Json.invalid("\"fields\" must be an object of field ordinals to strings");
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw Json.invalid("The request body has content after its JSON object");
            }
            if (fields.isEmpty()) {
                throw Json.invalid("The field \"fields\" is required, e.g. {\"fields\": {\"1\": \"...\"}}");
            }
            complete = true;
            return fields;
        } catch (JsonProcessingException e) {
            throw Json.invalid("The request body is not valid JSON" + Json.at(e.getLocation()));
        } finally {
            if (!complete) {
                fields.values().forEach(value -> Arrays.fill(value, (byte) 0));
            }
        }
    }

    private static void readFields(JsonParser parser, SortedMap<Integer, byte[]> fields) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            int ordinal = ordinal(parser.currentName());
            if (fields.containsKey(ordinal)) {
                // {"01": ..., "1": ...} named one field twice; taking either silently lost the other (issue 9 item 11)
                throw Json.invalid("Credential field " + ordinal + " is given more than once");
            }
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                throw Json.invalid("Credential field " + ordinal + " must be a string");
            }
            fields.put(ordinal, SecretText.utf8OfCurrentString(parser));
        }
    }

    private static int ordinal(String name) {
        int ordinal;
        try {
            ordinal = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw notAnOrdinal(name);
        }
        if (ordinal < 1) {
            throw notAnOrdinal(name);
        }
        return ordinal;
    }

    private static SsoException notAnOrdinal(String name) {
        return Json.invalid("Credential fields are keyed by their ordinal, 1 and up (field 0 is the external user id"
                + " of the mapping); not \"" + (name.length() > 32 ? name.substring(0, 32) + "..." : name) + "\"");
    }

    /**
     * {@code GET /v1/applications/{app}/credentials[?refresh=true]}: the caller's own credentials. Nobody reads another
     * account's credentials this way (ENTSSO's GetCredentials is the caller's own only): an administrator redeems a
     * ticket that account issued. {@code ?account=} naming the caller is accepted; naming anyone else is 11042.
     */
    void get(ApiRequest request, String application) throws IOException {
        request.require("GET");
        Map<String, String> query = request.query();
        WindowsAccount own = ownAccount(request.principal());
        if (query.containsKey("account")
                && !Accounts.parse(query.get("account")).sameAs(own)) {
            throw new SsoException(
                    SsoError.ACCESS_DENIED,
                    "Only " + own + " itself. Another account's credentials are read by redeeming a ticket that"
                            + " account issued: POST /v1/applications/" + application + "/tickets/redeem");
        }
        lookups.requireLookupCaller(request.remoteAddress());
        Credentials credentials = lookups.getCredentials(own, application, options(query));
        respondCredentials(request, credentials);
    }

    /**
     * {@code POST /v1/applications/{app}/tickets/redeem} with {@code {"ticket": "...", "sender": "DOMAIN\\user",
     * "refresh": false}}: RedeemTicket, or ValidateAndRedeemTicket when {@code sender} is given (required when the
     * system or the application validates tickets). Answers the issuer's credentials as {@link #get} does.
     */
    void redeem(ApiRequest request, String application) throws IOException {
        request.require("POST");
        JsonNode body = Json.body(request);
        Json.onlyKnown(body, Set.of("ticket", "sender", "refresh"));
        String ticket = Json.text(body, "ticket");
        Optional<String> sender = Json.optionalText(body, "sender");
        request.auditAs(
                sender.isPresent()
                        ? org.entsso.sso.audit.AuditFunction.VALIDATE_AND_REDEEM_TICKET
                        : org.entsso.sso.audit.AuditFunction.REDEEM_TICKET);
        Set<LookupOption> options = EnumSet.noneOf(LookupOption.class);
        if (Json.optionalBoolean(body, "refresh").orElse(false)) {
            options.add(LookupOption.REFRESH);
        }
        lookups.requireLookupCaller(request.remoteAddress());
        Credentials credentials = lookups.redeemTicket(request.principal(), application, ticket, sender, options);
        respondCredentials(request, credentials);
    }

    /**
     * {@code POST /v1/applications/{app}/reverse} with {@code {"externalUser": "...", "password": "..."}}:
     * host-initiated SSO, the Windows account the external user maps to. The password is read as bytes, never a String,
     * and zeroed after the check.
     */
    void reverse(ApiRequest request, String application) throws IOException {
        request.require("POST");
        lookups.requireLookupCaller(request.remoteAddress());
        WipeableBuffer body = request.body();
        String externalUser = null;
        byte[] password = null;
        try (JsonParser parser = Json.parser(body.array(), body.size())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw Json.invalid("The request body must be a JSON object: {\"externalUser\": \"...\"}");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value != JsonToken.VALUE_STRING) {
                    throw Json.invalid("The field \"" + Json.shorten(name) + "\" must be a string");
                }
                switch (name) {
                    case "externalUser" -> externalUser = parser.getText();
                    case "password" -> {
                        if (password != null) {
                            Arrays.fill(password, (byte) 0);
                        }
                        password = SecretText.utf8OfCurrentString(parser);
                    }
                    default ->
                        throw Json.invalid(
                                "Unknown field \"" + Json.shorten(name) + "\"; the fields are externalUser, password");
                }
            }
            if (parser.nextToken() != null) {
                throw Json.invalid("The request body has content after its JSON object");
            }
            if (externalUser == null || externalUser.isBlank() || externalUser.length() > 256) {
                throw Json.invalid("The field \"externalUser\" is required: 1 to 256 characters");
            }
            WindowsAccount account = lookups.reverseLookup(
                    request.principal(), application, externalUser, Optional.ofNullable(password));
            String external = externalUser;
            request.respondJson(200, json -> {
                json.writeStartObject();
                json.writeStringField("application", application);
                json.writeStringField("externalUser", external);
                json.writeStringField("account", account.toString());
                json.writeEndObject();
            });
        } catch (JsonProcessingException e) {
            throw Json.invalid("The request body is not valid JSON" + Json.at(e.getLocation()));
        } finally {
            body.wipe();
            if (password != null) {
                Arrays.fill(password, (byte) 0);
            }
        }
    }

    private static Set<LookupOption> options(Map<String, String> query) {
        Set<LookupOption> options = EnumSet.noneOf(LookupOption.class);
        if (flag(query, "refresh")) {
            options.add(LookupOption.REFRESH);
        }
        return options;
    }

    private static void respondCredentials(ApiRequest request, Credentials credentials) throws IOException {
        try {
            request.respondJson(200, json -> {
                json.writeStartObject();
                json.writeStringField("application", credentials.application());
                json.writeStringField("account", credentials.account().toString());
                json.writeStringField("externalUser", credentials.externalUser());
                json.writeObjectFieldStart("fields");
                for (Map.Entry<Integer, SecretBytes> field :
                        credentials.fields().entrySet()) {
                    json.writeFieldName(Integer.toString(field.getKey()));
                    byte[] value = field.getValue().bytes();
                    try {
                        SecretText.writeString(json, value);
                    } finally {
                        Arrays.fill(value, (byte) 0);
                    }
                }
                json.writeEndObject();
                json.writeEndObject();
            });
        } finally {
            credentials.clear();
        }
    }

    private static WindowsAccount ownAccount(String principal) {
        if (principal.indexOf('\\') <= 0) {
            throw Json.invalid("The caller " + principal
                    + " is not a domain account (DOMAIN\\user): it has no credentials" + " of its own");
        }
        return Accounts.parse(principal);
    }

    private static boolean flag(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.isEmpty() || value.equalsIgnoreCase("true")) {
            return true;
        }
        throw Json.invalid("?" + name + "= takes true or false");
    }
}
