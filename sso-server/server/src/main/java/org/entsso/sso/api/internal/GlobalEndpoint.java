package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entsso.sso.AppFlags;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/**
 * ENTSSO's global information (issue 12 item 6; ssomanage -displaydb, -updatedb, -enablesso, -disablesso, -tickets,
 * -enable/-disable hisso, ssoconfig -auditlevel and -remoteLookup drive it):
 *
 * <pre>
 *   GET  /v1/global                   SSO (affiliate) administrators: the settings
 *   PUT  /v1/global                   SSO administrators: change the members given, leave the rest
 *   POST /v1/global/enable | disable  SSO administrators: the system-wide switch
 * </pre>
 *
 * The SSO Administrators and SSO Affiliate Administrators groups change only while SSO is disabled (10570, 10572), and
 * the caller must be a member of a new SSO Administrators group (10597). Every change tells every SSO server at once
 * ({@link CredentialLookupService#globalChangeCommitted()}). Thread-safe.
 */
public final class GlobalEndpoint implements Endpoint {
    private static final Set<String> FIELDS = Set.of(
            "ssoAdminGroup",
            "affiliateAdminGroup",
            "auditDeletedApps",
            "auditDeletedMappings",
            "auditCredentialLookups",
            "auditNtpLookups",
            "auditXpLookups",
            "ticketTimeout",
            "credCacheTimeout",
            "auditPositiveLevel",
            "auditNegativeLevel",
            "allowTickets",
            "validateTickets",
            "hostInitiated",
            "remoteLookup",
            "ssoEnabled",
            "updateStamp");

    private final SsoStore store;
    private final CredentialLookupService lookups;

    public GlobalEndpoint(SsoStore store, CredentialLookupService lookups) {
        this.store = Objects.requireNonNull(store, "store");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
    }

    @Override
    public void serve(ApiRequest request) throws IOException {
        List<String> rest = Routes.rest(request, 2);
        if (rest.isEmpty()) {
            switch (request.method()) {
                case "GET", "HEAD" -> get(request);
                case "PUT" -> update(request);
                default -> throw new MethodNotAllowed("GET, PUT");
            }
        } else if (rest.size() == 1 && rest.get(0).equals("enable")) {
            setEnabled(request, true);
        } else if (rest.size() == 1 && rest.get(0).equals("disable")) {
            setEnabled(request, false);
        } else {
            throw Routes.noEndpoint(request);
        }
    }

    private void get(ApiRequest request) throws IOException {
        GlobalInfo info = store.read(s -> {
            Access.requireAffiliateAdministrator(s, request.principal());
            return s.globalInfo().get();
        });
        request.respondJson(200, json -> write(json, info));
    }

    private void setEnabled(ApiRequest request, boolean enabled) throws IOException {
        request.require("POST");
        GlobalInfo info = store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            Access.requireSsoAdministrator(s, request.principal());
            GlobalInfo now = s.globalInfo().get();
            GlobalSettings g = now.settings();
            if (g.ssoEnabled() == enabled) {
                return now;
            }
            return s.globalInfo()
                    .updateSettings(now.updateStamp(), with(g, enabled, g.ssoAdminGroup(), g.affiliateAdminGroup()));
        });
        lookups.globalChangeCommitted();
        request.respondJson(200, json -> write(json, info));
    }

    private void update(ApiRequest request) throws IOException {
        JsonNode body = Json.body(request);
        Json.onlyKnown(body, FIELDS);
        GlobalInfo info = store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            Access.requireSsoAdministrator(s, request.principal());
            GlobalInfo now = s.globalInfo().get();
            Optional<Integer> expected = Json.optionalInt(body, "updateStamp", 0, Integer.MAX_VALUE);
            long stamp = expected.map(Integer::longValue).orElse(now.updateStamp());
            GlobalSettings g = now.settings();
            String ssoAdmins = Json.optionalText(body, "ssoAdminGroup").orElse(g.ssoAdminGroup());
            String affiliateAdmins =
                    Json.optionalText(body, "affiliateAdminGroup").orElse(g.affiliateAdminGroup());
            boolean enabled = Json.optionalBoolean(body, "ssoEnabled").orElse(g.ssoEnabled());
            if (!ssoAdmins.equalsIgnoreCase(g.ssoAdminGroup())) {
                if (g.ssoEnabled() || enabled) {
                    throw new SsoException(SsoError.DISABLE_SSO_TO_CHANGE_SSO_ADMINS, "");
                }
                if (!request.principal().equalsIgnoreCase(ssoAdmins)
                        && !s.groups().isMember(request.principal(), ssoAdmins)) {
                    throw new SsoException(
                            SsoError.CALLER_NOT_IN_NEW_SSO_ADMINS,
                            "Client User: " + request.principal() + ". New SSO Administrators: " + ssoAdmins + ".");
                }
            }
            if (!affiliateAdmins.equalsIgnoreCase(g.affiliateAdminGroup()) && (g.ssoEnabled() || enabled)) {
                throw new SsoException(SsoError.DISABLE_SSO_TO_CHANGE_AFFILIATE_ADMINS, "");
            }
            int lookupsCap = Json.optionalInt(body, "auditCredentialLookups", 1, Integer.MAX_VALUE)
                    .orElse(-1);
            int flags = g.flags();
            flags = flag(flags, AppFlags.ALLOW_TICKETS, Json.optionalBoolean(body, "allowTickets"));
            flags = flag(flags, AppFlags.VALIDATE_TICKETS, Json.optionalBoolean(body, "validateTickets"));
            flags = flag(flags, AppFlags.HOST_INITIATED, Json.optionalBoolean(body, "hostInitiated"));
            flags = flag(
                    flags,
                    AppFlags.LOCAL_LOOKUP_ONLY,
                    Json.optionalBoolean(body, "remoteLookup").map(allowed -> !allowed));
            GlobalSettings changed = new GlobalSettings(
                    flags,
                    enabled,
                    Json.optionalInt(body, "auditDeletedApps", 1, Integer.MAX_VALUE)
                            .orElse(g.auditAppDeleteCap()),
                    Json.optionalInt(body, "auditDeletedMappings", 1, Integer.MAX_VALUE)
                            .orElse(g.auditMappingDeleteCap()),
                    Json.optionalInt(body, "auditNtpLookups", 1, Integer.MAX_VALUE)
                            .orElse(lookupsCap > 0 ? lookupsCap : g.auditNtpLookupCap()),
                    Json.optionalInt(body, "auditXpLookups", 1, Integer.MAX_VALUE)
                            .orElse(lookupsCap > 0 ? lookupsCap : g.auditXpLookupCap()),
                    Json.optionalInt(body, "ticketTimeout", 1, 525_600).orElse(g.ticketTimeoutMinutes()),
                    Json.optionalInt(body, "credCacheTimeout", 1, 525_600).orElse(g.credentialCacheTimeoutMinutes()),
                    ssoAdmins,
                    affiliateAdmins,
                    Json.optionalInt(body, "auditPositiveLevel", 0, 3).orElse(g.auditPositiveLevel()),
                    Json.optionalInt(body, "auditNegativeLevel", 0, 3).orElse(g.auditNegativeLevel()));
            return s.globalInfo().updateSettings(stamp, changed);
        });
        lookups.globalChangeCommitted();
        request.respondJson(200, json -> write(json, info));
    }

    private static int flag(int flags, int bit, Optional<Boolean> value) {
        return value.map(on -> on ? flags | bit : flags & ~bit).orElse(flags);
    }

    private static GlobalSettings with(GlobalSettings g, boolean enabled, String ssoAdmins, String affiliateAdmins) {
        return new GlobalSettings(
                g.flags(),
                enabled,
                g.auditAppDeleteCap(),
                g.auditMappingDeleteCap(),
                g.auditNtpLookupCap(),
                g.auditXpLookupCap(),
                g.ticketTimeoutMinutes(),
                g.credentialCacheTimeoutMinutes(),
                ssoAdmins,
                affiliateAdmins,
                g.auditPositiveLevel(),
                g.auditNegativeLevel());
    }

    /** The global information as the API shows it (ssomanage -displaydb's fields, ENTSSO's defaults noted in api.md). */
    static void write(JsonGenerator json, GlobalInfo info) throws IOException {
        GlobalSettings g = info.settings();
        json.writeStartObject();
        json.writeStringField("secretServer", info.secretServerName().orElse(null));
        json.writeStringField("ssoAdminGroup", g.ssoAdminGroup());
        json.writeStringField("affiliateAdminGroup", g.affiliateAdminGroup());
        json.writeBooleanField("ssoEnabled", g.ssoEnabled());
        json.writeNumberField("flags", g.flags());
        json.writeArrayFieldStart("flagNames");
        for (String name : AppFlags.names(g.flags())) {
            json.writeString(name);
        }
        json.writeEndArray();
        json.writeBooleanField("allowTickets", g.ticketsAllowed());
        json.writeBooleanField("validateTickets", g.ticketsValidated());
        json.writeBooleanField("hostInitiated", g.hostInitiatedEnabled());
        json.writeBooleanField("remoteLookup", g.remoteLookupAllowed());
        json.writeNumberField("ticketTimeout", g.ticketTimeoutMinutes());
        json.writeNumberField("credCacheTimeout", g.credentialCacheTimeoutMinutes());
        json.writeNumberField("auditDeletedApps", g.auditAppDeleteCap());
        json.writeNumberField("auditDeletedMappings", g.auditMappingDeleteCap());
        json.writeNumberField("auditNtpLookups", g.auditNtpLookupCap());
        json.writeNumberField("auditXpLookups", g.auditXpLookupCap());
        json.writeNumberField("auditPositiveLevel", g.auditPositiveLevel());
        json.writeNumberField("auditNegativeLevel", g.auditNegativeLevel());
        json.writeNumberField("updateStamp", info.updateStamp());
        json.writeEndObject();
    }
}
