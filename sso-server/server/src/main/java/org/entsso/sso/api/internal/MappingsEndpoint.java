package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.transport.internal.JsonResponses.WipeableBuffer;

/**
 * Mappings of an application: create (disabled, as in ENTSSO; setting credentials enables it), enable and disable.
 * Allowed to the application's administrators, SSO (affiliate) administrators, and the account itself when it is an
 * application user. Thread-safe.
 */
public final class MappingsEndpoint {
    private final SsoStore store;
    private final CredentialLookupService lookups;

    public MappingsEndpoint(SsoStore store, CredentialLookupService lookups) {
        this.store = Objects.requireNonNull(store, "store");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
    }

    /** {@code POST /v1/applications/{app}/mappings} with {@code {"account", "externalUser"}}. */
    void create(ApiRequest request, String application) throws IOException {
        request.require("POST");
        WipeableBuffer body = request.body();
        JsonNode json;
        try {
            json = Json.object(body.array(), body.size());
        } finally {
            body.wipe();
        }
        WindowsAccount account = Accounts.parse(Json.text(json, "account"));
        String externalUser = Json.text(json, "externalUser");
        MappingView created = store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            AffiliateApplication app = s.applications().get(application);
            Access.requireMappingManager(s, request.principal(), app, account);
            return new MappingView(app.name(), s.mappings().create(app.name(), account, externalUser));
        });
        request.respondJson(201, created::write);
    }

    /** {@code POST /v1/applications/{app}/mappings/{account}/enable | disable}. */
    void setEnabled(ApiRequest request, String application, String accountName, boolean enabled) throws IOException {
        request.require("POST");
        WindowsAccount account = Accounts.parse(accountName);
        PurgeStep[] step = new PurgeStep[1];
        MappingView changed = store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            AffiliateApplication app = s.applications().get(application);
            Access.requireMappingManager(s, request.principal(), app, account);
            Mapping mapping = s.mappings().setEnabled(app.name(), account, enabled, request.principal());
            if (!enabled) {
                // A new purge id: the database poll, the fallback of the purge signal, sees the disable too (issue 9).
                step[0] = s.applications().purgeCache(app.name());
            }
            return new MappingView(app.name(), mapping);
        });
        if (!enabled) {
            // Committed: this server drops its copies before answering, every other one on the purge signal.
            lookups.changed(changed.application(), Optional.ofNullable(step[0]));
        }
        request.respondJson(200, changed::write);
    }

    /** A mapping as the API shows it: never a credential. */
    record MappingView(String application, Mapping mapping) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("application", application);
            json.writeStringField("account", mapping.account().toString());
            json.writeStringField("externalUser", mapping.externalUser());
            json.writeBooleanField("enabled", mapping.enabled());
            json.writeEndObject();
        }
    }
}
