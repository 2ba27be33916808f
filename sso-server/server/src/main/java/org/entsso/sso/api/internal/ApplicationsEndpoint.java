package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entsso.sso.AppFlags;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.AppType;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.FieldInfo;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/**
 * Affiliate applications: create (individual, created disabled as in ENTSSO), read, enable and disable. These writes
 * encrypt nothing, so the SSO server runs them on the database itself (DESIGN.md decision 7). Thread-safe.
 */
public final class ApplicationsEndpoint {

    private final SsoStore store;
    private final CredentialLookupService lookups;

    public ApplicationsEndpoint(SsoStore store, CredentialLookupService lookups) {
        this.store = Objects.requireNonNull(store, "store");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
    }

    SsoStore store() {
        return store;
    }

    CredentialLookupService lookups() {
        return lookups;
    }

    private static final Set<String> CREATE_FIELDS = Set.of(
            "name",
            "type",
            "description",
            "contact",
            "userGroups",
            "adminGroups",
            "flags",
            "flagMask",
            "enabled",
            "enable",
            "fields");

    static final Set<String> UPDATE_FIELDS =
            Set.of("description", "contact", "userGroups", "adminGroups", "flags", "flagMask", "ticketTimeoutMinutes");

    /** One application to create, as its JSON gave it (checked but not yet against the database). */
    record NewApp(
            AppType type,
            int flags,
            List<FieldInfo> fields,
            String name,
            String description,
            String contact,
            String userGroups,
            Optional<String> adminGroups,
            boolean enable) {

        static NewApp parse(JsonNode json) {
            if (!json.isObject()) {
                throw Json.invalid("An application is a JSON object");
            }
            Json.onlyKnown(json, CREATE_FIELDS);
            AppType type = Json.optionalText(json, "type").map(AppType::parse).orElse(AppType.INDIVIDUAL);
            int flags = Json.optionalInt(json, "flags", 0, 0xFFFF_FFFFL).orElse(defaultFlags(type));
            Optional<Integer> mask = Json.optionalInt(json, "flagMask", 0, 0xFFFF_FFFFL);
            if (mask.isPresent()) {
                if (!json.has("flags")) {
                    throw Json.invalid("\"flagMask\" goes with \"flags\": the mask says which of the type's default"
                            + " flags change");
                }
                // ENTSSO's XML: the type's defaults, changed where the file names a flag.
                flags = (defaultFlags(type) & ~mask.get()) | (flags & mask.get());
            }
            if (Json.optionalBoolean(json, "enabled").orElse(false) || (flags & AppFlags.ENABLED) != 0) {
                throw new SsoException(
                        SsoError.ENABLED_AT_CREATE,
                        "Enable it once its fields are defined (\"enable\": true does that in the same request).");
            }
            flags = typeFlags(type, flags);
            List<FieldInfo> fields = ApplicationsEndpoint.fields(json);
            String name = Json.text(json, "name");
            String description = Json.optionalText(json, "description").orElse(null);
            String contact = Json.optionalText(json, "contact").orElse(null);
            String userGroups = String.join(";", Json.texts(json, "userGroups"));
            boolean adminSame = (flags & AppFlags.ADMIN_ACCOUNT_SAME) != 0;
            // adminAccountSame: the SSO Affiliate Administrators are the application's administrators.
            Optional<String> adminGroups =
                    adminSame ? Optional.empty() : Optional.of(String.join(";", Json.texts(json, "adminGroups")));
            boolean enable = Json.optionalBoolean(json, "enable").orElse(false);
            return new NewApp(type, flags, fields, name, description, contact, userGroups, adminGroups, enable);
        }

        /** Creates the application with its fields (and enables it when asked) in the caller's transaction. */
        ApplicationView create(StoreSession s, String principal) {
            Access.requireAffiliateAdministrator(s, principal);
            if (needsSsoAdministrator()) {
                Access.requireSsoAdministrator(s, principal);
            }
            ApplicationSpec spec = spec(s.globalInfo().get().settings().affiliateAdminGroup());
            s.applications().create(spec);
            fields.forEach(field -> s.applications().addField(spec.name(), field));
            return ApplicationView.read(s, spec.name());
        }

        /** Ticket flags other than the type's defaults are for SSO administrators. */
        boolean needsSsoAdministrator() {
            return (flags & AppFlags.TICKET_FLAGS) != (defaultFlags(type) & AppFlags.TICKET_FLAGS);
        }

        /** The application as the store creates it (enabled at once when asked: its fields come with it). */
        ApplicationSpec spec(String affiliateAdminGroup) {
            return new ApplicationSpec(
                    name,
                    description,
                    contact,
                    userGroups,
                    adminGroups.orElse(affiliateAdminGroup),
                    enable ? flags | AppFlags.ENABLED : flags,
                    fields.size(),
                    type);
        }
    }

    /** ENTSSO's defaults by type: DEFAULT_APP_FLAGS, host-initiated for Host Group, none for Config Store. */
    static int defaultFlags(AppType type) {
        return switch (type) {
            case INDIVIDUAL, GROUP -> AppFlags.DEFAULT_APP_FLAGS;
            case HOST_GROUP ->
                AppFlags.HOST_INITIATED
                        | AppFlags.VERIFY_EXTERNAL_CREDENTIALS
                        | AppFlags.VALIDATE_TICKETS
                        | AppFlags.TICKET_TIMEOUT;
            case CONFIG_STORE -> 0;
        };
    }

    /**
     * {@code flags} checked against the type (unknown bits, the type bits set by the type, Group applications
     * Windows-initiated only, Host Group applications host-initiated only).
     */
    static int typeFlags(AppType type, int flags) {
        if ((flags & ~AppFlags.KNOWN) != 0) {
            throw Json.invalid("Unknown application flags 0x" + Integer.toHexString(flags & ~AppFlags.KNOWN)
                    + "; the flags are listed in sso-server/docs/api.md");
        }
        flags &= ~AppFlags.TYPE_FLAGS;
        switch (type) {
            case GROUP -> {
                if ((flags & AppFlags.HOST_INITIATED) != 0) {
                    throw Json.invalid("A Group application is Windows-initiated only (no hostInitiated, 0x8)");
                }
                flags |= AppFlags.GROUP_MAPPING;
            }
            case HOST_GROUP -> {
                if ((flags & AppFlags.WINDOWS_INITIATED) != 0) {
                    throw Json.invalid("A Host Group application is host-initiated only (no windowsInitiated, 0x4)");
                }
                flags |= AppFlags.GROUP_MAPPING | AppFlags.HOST_INITIATED;
            }
            case CONFIG_STORE -> {
                if ((flags & (AppFlags.WINDOWS_INITIATED | AppFlags.HOST_INITIATED)) != 0) {
                    throw Json.invalid("A Config Store application has no SSO flags (windowsInitiated, hostInitiated)");
                }
                flags |= AppFlags.CONFIG_STORE;
            }
            case INDIVIDUAL -> {
                // any combination of Windows- and host-initiated
            }
        }
        return flags;
    }

    /** {@code GET /v1/applications[?all=true]}: the caller's applications (all of them for SSO (affiliate) admins). */
    void list(ApiRequest request) throws IOException {
        request.require("GET");
        String all = request.query().getOrDefault("all", "false");
        if (!all.equalsIgnoreCase("true") && !all.equalsIgnoreCase("false")) {
            throw Json.invalid("?all= takes true or false");
        }
        boolean withConfigStore = all.equalsIgnoreCase("true");
        List<AffiliateApplication> apps = store.read(s -> {
            boolean everything = Access.isAffiliateAdministrator(s, request.principal());
            GlobalSettings global = s.globalInfo().get().settings();
            java.util.Set<String> groups = s.groups().groupsOf(request.principal());
            return s.applications().list().stream()
                    .filter(a -> withConfigStore || a.type() != AppType.CONFIG_STORE)
                    .filter(a -> everything
                            || org.entsso.sso.server.internal.Roles.isUserOrAdministrator(
                                    request.principal(), groups, global, a))
                    .toList();
        });
        request.respondJson(200, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("applications");
            for (AffiliateApplication app : apps) {
                ApplicationView.writeSummary(json, app);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /**
     * {@code PATCH /v1/applications/{app}}: description, contact, groups, {@code flags} + {@code flagMask} and
     * {@code ticketTimeoutMinutes}, under ENTSSO's rules: type and adminAccountSame are immutable, the ticket flags and
     * timeout are for SSO administrators, an application administrator cannot change the administrators (10569), and
     * an application is enabled only with every field defined (10595).
     */
    void update(ApiRequest request, String name) throws IOException {
        AppUpdate update = AppUpdate.parse(Json.body(request), UPDATE_FIELDS);
        PurgeStep[] step = new PurgeStep[1];
        ApplicationView changed = store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            step[0] = update.apply(s, request.principal(), name);
            return ApplicationView.read(s, name);
        });
        lookups.changed(changed.app().name(), Optional.ofNullable(step[0]));
        request.respondJson(200, changed::write);
    }

    /** One application's update, as its JSON gave it (checked but not yet against the database). */
    record AppUpdate(
            JsonNode json,
            Optional<Integer> flags,
            Optional<Integer> mask,
            boolean timeoutGiven,
            Optional<Integer> timeout) {

        static AppUpdate parse(JsonNode json, Set<String> known) {
            if (!json.isObject()) {
                throw Json.invalid("An application update is a JSON object");
            }
            Json.onlyKnown(json, known);
            Optional<Integer> flags = Json.optionalInt(json, "flags", 0, 0xFFFF_FFFFL);
            Optional<Integer> mask = Json.optionalInt(json, "flagMask", 0, 0xFFFF_FFFFL);
            if (flags.isPresent() != mask.isPresent()) {
                throw Json.invalid("\"flags\" and \"flagMask\" go together: the mask says which flags change");
            }
            boolean timeoutGiven = json.has("ticketTimeoutMinutes");
            Optional<Integer> timeout = Json.optionalInt(json, "ticketTimeoutMinutes", 1, 525_600);
            Json.optionalTexts(json, "userGroups");
            Json.optionalTexts(json, "adminGroups");
            return new AppUpdate(json, flags, mask, timeoutGiven, timeout);
        }

        /** Applies the update in the caller's transaction; returns the application's purge step. */
        PurgeStep apply(StoreSession s, String principal, String name) {
            AffiliateApplication app = s.applications().get(name);
            Access.requireAdministrator(s, principal, app);
            boolean affiliate = Access.isAffiliateAdministrator(s, principal);
            Optional<List<String>> adminGroups = Json.optionalTexts(json, "adminGroups");
            if (adminGroups.isPresent()
                    && !affiliate
                    && !String.join(";", adminGroups.get()).equalsIgnoreCase(app.adminGroups())) {
                throw new SsoException(
                        SsoError.APP_ADMIN_CANNOT_CHANGE_ADMINS,
                        "Application Name: " + app.name() + ". Application Administrators: " + app.adminGroups() + ".");
            }
            if (flags.isPresent()) {
                int m = mask.get();
                if ((m & ~AppFlags.KNOWN) != 0 || (m & AppFlags.IMMUTABLE & (flags.get() ^ app.flags())) != 0) {
                    throw Json.invalid("flagMask 0x" + Integer.toHexString(m) + " changes flags that cannot change"
                            + " (the type, adminAccountSame, or unknown ones)");
                }
                // An immutable flag named with its current value (a displayed application replayed) changes nothing.
                m &= ~AppFlags.IMMUTABLE;
                int next = (app.flags() & ~m) | (flags.get() & m);
                typeFlags(app.type(), next);
                if ((m & AppFlags.TICKET_FLAGS) != 0 && ((next ^ app.flags()) & AppFlags.TICKET_FLAGS) != 0) {
                    Access.requireSsoAdministrator(s, principal);
                }
                if ((next & AppFlags.ENABLED) != 0 && !app.enabled()) {
                    requireFieldsComplete(s, app);
                }
                s.applications().updateFlags(app.name(), next, m);
            }
            if (timeoutGiven) {
                Access.requireSsoAdministrator(s, principal);
                s.applications().updateTicketTimeout(app.name(), timeout);
            }
            AffiliateApplication now = s.applications().get(app.name());
            s.applications()
                    .updateDetails(
                            app.name(),
                            json.has("description")
                                    ? Json.optionalText(json, "description").orElse(null)
                                    : now.description().orElse(null),
                            json.has("contact")
                                    ? Json.optionalText(json, "contact").orElse(null)
                                    : now.contact().orElse(null),
                            Json.optionalTexts(json, "userGroups")
                                    .map(g -> String.join(";", g))
                                    .orElse(now.userGroups()),
                            adminGroups.map(g -> String.join(";", g)).orElse(now.adminGroups()));
            // Flags, groups or the cache switch may take a right or a cached value away: every server drops the app.
            return s.applications().purgeCache(app.name());
        }
    }

    /** {@code DELETE /v1/applications/{app}}: SSO (affiliate) administrators; mappings and config go with it, audited. */
    void delete(ApiRequest request, String name) throws IOException {
        String deleted = store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            AffiliateApplication app = s.applications().get(name);
            Access.requireAffiliateAdministrator(s, request.principal());
            s.applications().delete(app.name(), request.principal());
            return app.name();
        });
        lookups.changed(deleted, Optional.empty());
        request.respondEmpty(204);
    }

    /**
     * {@code POST /v1/applications/{app}/purge}: SSO (affiliate) administrators, the application's administrators
     * (ENTSSO's {@code ssomanage -purgecache}): every SSO server drops the application's cached credentials.
     */
    void purge(ApiRequest request, String name) throws IOException {
        request.require("POST");
        PurgeStep[] step = new PurgeStep[1];
        ApplicationView app = store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            Access.requireAdministrator(s, request.principal(), s.applications().get(name));
            step[0] = s.applications().purgeCache(name);
            return ApplicationView.read(s, name);
        });
        lookups.changed(app.app().name(), Optional.ofNullable(step[0]));
        request.respondJson(200, app::write);
    }

    static void requireFieldsComplete(StoreSession s, AffiliateApplication app) {
        int defined = s.applications().fields(app.name()).size();
        if (defined != app.numFields()) {
            throw new SsoException(
                    SsoError.APPLICATION_FIELDS_INCOMPLETE,
                    "Application Name: " + app.name() + ". Number of Fields Defined: " + app.numFields()
                            + ". Number of Fields Created: " + defined + ".");
        }
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
            Json.onlyKnown(field, Set.of("name", "masked", "sync"));
            boolean masked = Json.optionalBoolean(field, "masked").orElse(false);
            boolean sync = Json.optionalBoolean(field, "sync").orElse(false);
            if (out.isEmpty() && masked) {
                throw Json.invalid("Field 0 (the external user id, or a Config Store application's first property)"
                        + " cannot be masked");
            }
            if (sync && out.stream().anyMatch(FieldInfo::synchronizedField)) {
                throw Json.invalid("At most one field can be marked \"sync\"");
            }
            out.add(new FieldInfo(out.size(), Json.text(field, "name"), masked, sync));
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
            if (enabled && !app.enabled()) {
                requireFieldsComplete(s, app);
            }
            s.applications().updateFlags(app.name(), enabled ? AppFlags.ENABLED : 0, AppFlags.ENABLED);
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

        /** One line of a listing: no fields. */
        static void writeSummary(JsonGenerator json, AffiliateApplication app) throws IOException {
            json.writeStartObject();
            json.writeStringField("name", app.name());
            json.writeStringField("type", app.type().label());
            json.writeBooleanField("enabled", app.enabled());
            json.writeStringField("description", app.description().orElse(null));
            json.writeEndObject();
        }

        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("name", app.name());
            json.writeStringField("type", app.type().label());
            json.writeStringField("description", app.description().orElse(null));
            json.writeStringField("contact", app.contact().orElse(null));
            writeList(json, "userGroups", app.userGroups());
            writeList(json, "adminGroups", app.adminGroups());
            json.writeBooleanField("enabled", app.enabled());
            json.writeNumberField("flags", app.flags());
            json.writeArrayFieldStart("flagNames");
            for (String flag : AppFlags.names(app.flags())) {
                json.writeString(flag);
            }
            json.writeEndArray();
            if (app.ticketTimeoutMinutes().isPresent()) {
                json.writeNumberField(
                        "ticketTimeoutMinutes", app.ticketTimeoutMinutes().get());
            } else {
                json.writeNullField("ticketTimeoutMinutes");
            }
            json.writeArrayFieldStart("fields");
            for (FieldInfo field : fields) {
                json.writeStartObject();
                json.writeStringField("name", field.label());
                json.writeBooleanField("masked", field.masked());
                json.writeBooleanField("sync", field.synchronizedField());
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
