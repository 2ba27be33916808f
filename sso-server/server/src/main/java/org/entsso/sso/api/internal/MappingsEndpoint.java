package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entsso.sso.AppFlags;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.internal.Roles;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.AppType;
import org.entsso.sso.store.BatchRowException;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.MappingRows;
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
            requireMappable(s, request.principal(), app, account);
            return new MappingView(app.name(), s.mappings().create(app.name(), account, externalUser));
        });
        request.respondJson(201, created::write);
    }

    /** The most mappings one batch request carries. */
    public static final int MAX_BATCH = 10_000;

    /**
     * {@code POST /v1/mappings} with {@code {"mappings": [{"application", "account", "externalUser"}, ...]}}: creates
     * every mapping in one transaction under the rules of a single create, or none (the first refused one is named in
     * the error, with its position). Answers 201 {@code {"created": n}}.
     */
    public void createBatch(ApiRequest request) throws IOException {
        request.require("POST");
        List<MappingRef> refs = batch(request, true);
        int created = store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            Map<String, List<Integer>> byApplication = checked(s, request.principal(), refs, true);
            List<MappingRows> batches = new java.util.ArrayList<>();
            List<Integer> order = new java.util.ArrayList<>();
            byApplication.forEach((app, rows) -> {
                batches.add(new MappingRows(
                        app,
                        rows.stream().map(r -> refs.get(r).account()).toList(),
                        rows.stream().map(r -> refs.get(r).externalUser()).toList()));
                order.addAll(rows);
            });
            try {
                s.mappings().createAll(batches);
            } catch (BatchRowException e) {
                int row = order.get(e.row());
                throw at(row, refs.get(row), e);
            }
            return refs.size();
        });
        request.respondJson(201, json -> {
            json.writeStartObject();
            json.writeNumberField("created", created);
            json.writeEndObject();
        });
    }

    /**
     * The rows by application (its stored name), in the order of their first row, after the access rules of a single
     * create or delete: each distinct (application, account) checked once.
     */
    private static Map<String, List<Integer>> checked(
            StoreSession s, String caller, List<MappingRef> refs, boolean creating) {
        Map<String, AffiliateApplication> apps = new java.util.HashMap<>();
        s.applications()
                .findAll(refs.stream().map(MappingRef::application).toList())
                .forEach(a -> apps.put(a.name().toLowerCase(java.util.Locale.ROOT), a));
        java.util.Set<String> allowed = new java.util.HashSet<>();
        // Read once per batch, not once per row: a 10,000-row batch made 40,000 round trips to the database.
        GlobalSettings global = s.globalInfo().get().settings();
        BatchGroups groups = new BatchGroups(s);
        java.util.Set<String> callerGroups = groups.groupsOf(caller);
        Map<String, List<Integer>> byApplication = new java.util.LinkedHashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            MappingRef ref = refs.get(i);
            try {
                AffiliateApplication app = apps.computeIfAbsent(
                        ref.application().toLowerCase(java.util.Locale.ROOT),
                        a -> s.applications().get(ref.application()));
                String key = app.name() + "\n" + ref.account().toString().toLowerCase(java.util.Locale.ROOT);
                if (allowed.add(key)) {
                    Access.requireMappingManager(global, callerGroups, caller, app, ref.account());
                    if (creating) {
                        requireMappable(global, groups::groupsOf, caller, app, ref.account());
                    }
                }
                byApplication
                        .computeIfAbsent(app.name(), a -> new java.util.ArrayList<>())
                        .add(i);
            } catch (SsoException e) {
                throw at(i, ref, e);
            }
        }
        return byApplication;
    }

    /**
     * {@code POST /v1/mappings/delete} with {@code {"mappings": [{"application", "account", "externalUser"?}]}}: deletes
     * every mapping (each disabled first, 15007) in one transaction, or none. Answers 200 {@code {"deleted": n}}.
     */
    public void deleteBatch(ApiRequest request) throws IOException {
        request.require("POST");
        List<MappingRef> refs = batch(request, false);
        java.util.Set<String> touched = new java.util.LinkedHashSet<>();
        int deleted = store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            touched.clear();
            Map<String, List<Integer>> byApplication = checked(s, request.principal(), refs, false);
            List<Mapping> doomed = new java.util.ArrayList<>(refs.size());
            for (Map.Entry<String, List<Integer>> app : byApplication.entrySet()) {
                Map<String, Mapping> byAccount = new java.util.HashMap<>();
                Map<String, Mapping> byExternal = new java.util.HashMap<>();
                for (Mapping m : s.mappings().list(Optional.of(app.getKey()), Optional.empty())) {
                    byAccount.putIfAbsent(m.account().toString().toLowerCase(java.util.Locale.ROOT), m);
                    byExternal.put(m.externalUser(), m);
                }
                for (int row : app.getValue()) {
                    MappingRef ref = refs.get(row);
                    Mapping mapping = ref.externalUser() != null
                            ? byExternal.get(ref.externalUser())
                            : byAccount.get(ref.account().toString().toLowerCase(java.util.Locale.ROOT));
                    if (mapping == null
                            || !mapping.account()
                                    .toString()
                                    .equalsIgnoreCase(ref.account().toString())) {
                        throw at(
                                row,
                                ref,
                                new SsoException(
                                        SsoError.MAPPING_NOT_FOUND,
                                        "Windows Account: " + ref.account() + ". Application Name: " + app.getKey()
                                                + "."));
                    }
                    if (mapping.enabled()) {
                        throw at(
                                row,
                                ref,
                                new SsoException(
                                        SsoError.MAPPING_NOT_DISABLED,
                                        "Disable the mapping of " + ref.account() + " in " + app.getKey() + " first."));
                    }
                    doomed.add(mapping);
                }
                touched.add(app.getKey());
            }
            s.mappings().deleteAll(doomed, request.principal());
            return refs.size();
        });
        touched.forEach(app -> lookups.changed(app, Optional.empty()));
        request.respondJson(200, json -> {
            json.writeStartObject();
            json.writeNumberField("deleted", deleted);
            json.writeEndObject();
        });
    }

    /** One mapping of a batch. */
    private record MappingRef(String application, WindowsAccount account, String externalUser) {}

    private static List<MappingRef> batch(ApiRequest request, boolean externalUserRequired) throws IOException {
        WipeableBuffer body = request.body(ApiRequest.MAX_BATCH_BODY_BYTES);
        JsonNode json;
        try {
            json = Json.object(body.array(), body.size());
        } finally {
            body.wipe();
        }
        Json.onlyKnown(json, java.util.Set.of("mappings"));
        JsonNode list = json.get("mappings");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_BATCH) {
            throw Json.invalid("The field \"mappings\" is required: an array of 1 to " + MAX_BATCH + " mappings");
        }
        List<MappingRef> refs = new java.util.ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            try {
                if (!m.isObject()) {
                    throw Json.invalid("each mapping is an object");
                }
                Json.onlyKnown(m, java.util.Set.of("application", "account", "externalUser"));
                Optional<String> external = Json.optionalText(m, "externalUser");
                if (externalUserRequired && external.isEmpty()) {
                    throw Json.invalid("The field \"externalUser\" is required");
                }
                refs.add(new MappingRef(
                        Json.text(m, "application"), Accounts.parse(Json.text(m, "account")), external.orElse(null)));
            } catch (SsoException e) {
                throw SsoException.relayed(e.error(), "Mapping " + (i + 1) + ": " + e.sentence());
            }
        }
        return refs;
    }

    private static SsoException at(int index, MappingRef ref, SsoException e) {
        return SsoException.relayed(
                e.error(),
                "Mapping " + (index + 1) + " (" + ref.application() + ", " + ref.account() + "), nothing applied: "
                        + e.sentence());
    }

    /**
     * {@code GET /v1/mappings[?application=][&account=]}: SSO (affiliate) administrators see every mapping, an
     * application's administrators its mappings, anyone else only their own (the account defaults to the caller's).
     */
    public void list(ApiRequest request) throws IOException {
        request.require("GET");
        Map<String, String> query = request.query();
        Optional<String> application =
                Optional.ofNullable(query.get("application")).filter(a -> !a.isBlank());
        Optional<WindowsAccount> asked = Optional.ofNullable(query.get("account"))
                .filter(a -> !a.isBlank())
                .map(Accounts::parse);
        List<Mapping> mappings = store.read(s -> {
            application.ifPresent(a -> s.applications().get(a));
            boolean everything = Access.isAffiliateAdministrator(s, request.principal());
            Optional<WindowsAccount> account = asked;
            if (!everything && account.isEmpty() && application.isEmpty()) {
                account = Optional.of(Accounts.parse(request.principal()));
            }
            GlobalSettings global = s.globalInfo().get().settings();
            java.util.Set<String> groups = s.groups().groupsOf(request.principal());
            List<Mapping> found = s.mappings().list(application, account);
            if (everything) {
                return found;
            }
            return found.stream()
                    .filter(m -> m.account().toString().equalsIgnoreCase(request.principal())
                            || Roles.isAdministrator(
                                    request.principal(),
                                    groups,
                                    global,
                                    s.applications().get(m.application())))
                    .toList();
        });
        request.respondJson(200, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("mappings");
            for (Mapping m : mappings) {
                new MappingView(m.application(), m).write(json);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /**
     * {@code DELETE /v1/applications/{app}/mappings/{account}[?externalUser=]}: a mapping is deleted only once
     * disabled (15007); {@code externalUser} picks one mapping of a Host Group application's account.
     */
    void delete(ApiRequest request, String application, String accountName) throws IOException {
        WindowsAccount account = Accounts.parse(accountName);
        Optional<String> externalUser =
                Optional.ofNullable(request.query().get("externalUser")).filter(e -> !e.isBlank());
        String app = store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            AffiliateApplication found = s.applications().get(application);
            Access.requireMappingManager(s, request.principal(), found, account);
            Mapping mapping = (externalUser.isPresent()
                            ? s.mappings().find(found.name(), account, externalUser.get())
                            : s.mappings().find(found.name(), account))
                    .orElseThrow(() -> new SsoException(
                            SsoError.MAPPING_NOT_FOUND,
                            "Windows Account: " + account + ". Application Name: " + found.name() + "."));
            if (mapping.enabled()) {
                throw new SsoException(
                        SsoError.MAPPING_NOT_DISABLED,
                        "Disable the mapping of " + account + " in " + found.name() + " first.");
            }
            s.mappings().delete(mapping, request.principal());
            return found.name();
        });
        // A disabled mapping serves nothing, but its credentials may still sit in a cache of an older read.
        lookups.changed(app, account, Optional.empty());
        request.respondEmpty(204);
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

    /**
     * ENTSSO's rules for a new mapping: none in a Config Store application; a Group application maps one of its
     * Application Users accounts (10556); in the other types the account must be an application user (10853), whoever
     * creates the mapping; users cannot create mappings where the application says so.
     */
    private static void requireMappable(
            StoreSession s, String caller, AffiliateApplication app, WindowsAccount account) {
        requireMappable(s.globalInfo().get().settings(), s.groups()::groupsOf, caller, app, account);
    }

    /** As above, with the global settings read and group memberships looked up through {@code groupsOf}. */
    private static void requireMappable(
            GlobalSettings global,
            java.util.function.Function<String, java.util.Set<String>> groupsOf,
            String caller,
            AffiliateApplication app,
            WindowsAccount account) {
        if (app.type() == AppType.CONFIG_STORE) {
            throw new SsoException(SsoError.WRONG_APPLICATION_TYPE, app.name() + " is a Config Store application.");
        }
        if (app.type() == AppType.GROUP
                && java.util.Arrays.stream(app.userGroups().split(";"))
                        .map(String::strip)
                        .noneMatch(g -> g.equalsIgnoreCase(account.toString()))) {
            throw new SsoException(
                    SsoError.INVALID_GROUP_MAPPING,
                    "Domain Name: " + account.domain() + ". User Name: " + account.user() + ". Application Name: "
                            + app.name() + ". Application Users: " + app.userGroups() + ".");
        }
        if (app.type() != AppType.GROUP && !Roles.isUser(account.toString(), groupsOf.apply(account.toString()), app)) {
            throw new SsoException(
                    SsoError.MAPPING_USER_NOT_APPLICATION_USER,
                    "Account: " + account + ". Application Users of " + app.name() + ": " + app.userGroups() + ".");
        }
        if (app.has(AppFlags.USERS_CANNOT_CREATE_MAPPINGS)
                && !Roles.isAdministrator(caller, groupsOf.apply(caller), global, app)) {
            throw new SsoException(
                    SsoError.ACCESS_DENIED,
                    Roles.describe(Roles.administrators(global, app)) + " (application users cannot create mappings in "
                            + app.name() + ")");
        }
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
