package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.FieldInfo;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.transport.internal.JsonResponses.WipeableBuffer;

/**
 * Affiliate applications: create (individual, created disabled as in ENTSSO), read, enable and disable. These writes
 * encrypt nothing, so the SSO server runs them on the database itself (DESIGN.md decision 7). Thread-safe.
 */
public final class ApplicationsEndpoint {
    /** ENTSSO's ENABLED application flag. */
    static final int ENABLED = 0x2;

    /** ENTSSO's DEFAULT_APP_FLAGS: WINDOWS_TO_EXTERNAL | VALIDATE_TICKETS | APP_TICKET_TIMEOUT (anchors/entsso.md §3). */
    static final int DEFAULT_APP_FLAGS = 0x4 | 0x40 | 0x200000;

    private final SsoStore store;
    private final CredentialLookupService lookups;

    public ApplicationsEndpoint(SsoStore store, CredentialLookupService lookups) {
        this.store = Objects.requireNonNull(store, "store");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
    }

    /** {@code POST /v1/applications}: SSO (affiliate) administrators. */
    void create(ApiRequest request) throws IOException {
        request.require("POST");
        WipeableBuffer body = request.body();
        JsonNode json;
        try {
            json = Json.object(body.array(), body.size());
        } finally {
            body.wipe();
        }
        List<FieldInfo> fields = fields(json);
        ApplicationSpec spec = new ApplicationSpec(
                Json.text(json, "name"),
                Json.optionalText(json, "description").orElse(null),
                Json.optionalText(json, "contact").orElse(null),
                String.join(";", Json.texts(json, "userGroups")),
                String.join(";", Json.texts(json, "adminGroups")),
                DEFAULT_APP_FLAGS,
                fields.size());
        ApplicationView created = store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            Access.requireAffiliateAdministrator(s, request.principal());
            s.applications().create(spec);
            fields.forEach(field -> s.applications().addField(spec.name(), field));
            return ApplicationView.read(s, spec.name());
        });
        request.respondJson(201, created::write);
    }

    private static List<FieldInfo> fields(JsonNode json) {
        JsonNode fields = json.get("fields");
        if (fields == null || !fields.isArray() || fields.isEmpty()) {
            throw Json.invalid("The field \"fields\" is required: field 0 is the external user id, then the"
                    + " credentials, e.g. [{\"name\": \"User Id\", \"masked\": false}]");
        }
        List<FieldInfo> out = new ArrayList<>();
        for (JsonNode field : fields) {
            if (!field.isObject()) {
                throw Json.invalid("Each of \"fields\" is an object with \"name\" and \"masked\"");
            }
            JsonNode masked = field.get("masked");
            if (masked != null && !masked.isBoolean() && !masked.isNull()) {
                throw Json.invalid("\"masked\" of field " + out.size() + " must be true or false");
            }
            out.add(new FieldInfo(out.size(), Json.text(field, "name"), masked != null && masked.asBoolean(), false));
        }
        return out;
    }

    /** {@code GET /v1/applications/{app}}: any certificate. */
    void get(ApiRequest request, String name) throws IOException {
        request.require("GET");
        ApplicationView app = store.read(s -> ApplicationView.read(s, name));
        request.respondJson(200, app::write);
    }

    /** {@code POST /v1/applications/{app}/enable | disable}: SSO (affiliate) administrators, application admins. */
    void setEnabled(ApiRequest request, String name, boolean enabled) throws IOException {
        request.require("POST");
        PurgeStep[] step = new PurgeStep[1];
        ApplicationView changed = store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            AffiliateApplication app = s.applications().get(name);
            Access.requireAdministrator(s, request.principal(), app);
            s.applications().updateFlags(app.name(), enabled ? ENABLED : 0, ENABLED);
            if (!enabled) {
                // Every server drops its cached credentials of the application (the purge id changes).
                step[0] = s.applications().purgeCache(app.name());
            }
            return ApplicationView.read(s, app.name());
        });
        if (!enabled) {
            lookups.changed(changed.app().name(), Optional.ofNullable(step[0]));
        }
        request.respondJson(200, changed::write);
    }

    /** An application with its fields, as the API shows it. */
    record ApplicationView(AffiliateApplication app, List<FieldInfo> fields) {
        static ApplicationView read(StoreSession s, String name) {
            AffiliateApplication app = s.applications().get(name);
            return new ApplicationView(app, s.applications().fields(app.name()));
        }

        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("name", app.name());
            json.writeStringField("description", app.description().orElse(null));
            json.writeStringField("contact", app.contact().orElse(null));
            writeList(json, "userGroups", app.userGroups());
            writeList(json, "adminGroups", app.adminGroups());
            json.writeBooleanField("enabled", (app.flags() & ENABLED) != 0);
            json.writeArrayFieldStart("fields");
            for (FieldInfo field : fields) {
                json.writeStartObject();
                json.writeStringField("name", field.label());
                json.writeBooleanField("masked", field.masked());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }

        private static void writeList(JsonGenerator json, String name, String accountList) throws IOException {
            json.writeArrayFieldStart(name);
            for (String account : Arrays.stream(accountList.split(";"))
                    .map(String::strip)
                    .filter(a -> !a.isEmpty())
                    .toList()) {
                json.writeString(account);
            }
            json.writeEndArray();
        }
    }
}
