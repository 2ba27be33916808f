package org.entsso.sso.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.BatchRowException;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.transport.internal.JsonResponses.WipeableBuffer;

/**
 * Many applications in one transaction, all or none (ENTSSO's {@code ssomanage -createapps} and {@code -updateapps}
 * with a file of several): {@code POST /v1/applications {"applications": [...]}} creates, {@code PATCH
 * /v1/applications {"applications": [{"name", ...}]}} updates. Each application is checked under the rules of its
 * single request; the first refusal answers with its own id and names the application's position. A {@code POST}
 * without {@code "applications"} is the single create. Thread-safe.
 */
final class ApplicationBatches {
    /** The most applications one request may carry. */
    static final int MAX_BATCH = 10_000;

    private static final Set<String> UPDATE_ITEM_FIELDS;

    static {
        Set<String> fields = new java.util.HashSet<>(ApplicationsEndpoint.UPDATE_FIELDS);
        fields.add("name");
        UPDATE_ITEM_FIELDS = Set.copyOf(fields);
    }

    private final ApplicationsEndpoint applications;

    ApplicationBatches(ApplicationsEndpoint applications) {
        this.applications = Objects.requireNonNull(applications, "applications");
    }

    /**
     * {@code POST /v1/applications}: one application, or {@code {"applications": [...]}} all or none; SSO (affiliate)
     * administrators. {@code type} individual (default), group, hostGroup or configStore; {@code flags} ENTSSO's
     * numbers (default: the type's), with {@code flagMask} the type's defaults changed where the mask says; created
     * disabled (10850 for {@code enabled} or the ENABLED flag; {@code "enable": true} enables it with its fields).
     */
    void create(ApiRequest request) throws IOException {
        JsonNode json = batchBody(request);
        if (!json.has("applications")) {
            ApplicationsEndpoint.NewApp app = ApplicationsEndpoint.NewApp.parse(json);
            ApplicationsEndpoint.ApplicationView created = applications
                    .store()
                    .inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> app.create(s, request.principal()));
            request.respondJson(201, created::write);
            return;
        }
        List<JsonNode> items = items(json);
        List<ApplicationsEndpoint.NewApp> apps = new ArrayList<>(items.size());
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            try {
                ApplicationsEndpoint.NewApp app = ApplicationsEndpoint.NewApp.parse(item);
                Integer earlier = names.putIfAbsent(app.name().toLowerCase(Locale.ROOT), i);
                if (earlier != null) {
                    throw Json.invalid("the name is also that of application " + (earlier + 1));
                }
                apps.add(app);
            } catch (SsoException e) {
                throw at(i, item.path("name").asText("?"), e);
            }
        }
        int created = applications.store().inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            Access.requireAffiliateAdministrator(s, request.principal());
            String affiliates = s.globalInfo().get().settings().affiliateAdminGroup();
            List<ApplicationSpec> specs = new ArrayList<>(apps.size());
            for (int i = 0; i < apps.size(); i++) {
                ApplicationsEndpoint.NewApp app = apps.get(i);
                try {
                    if (app.needsSsoAdministrator()) {
                        Access.requireSsoAdministrator(s, request.principal());
                    }
                    specs.add(app.spec(affiliates));
                } catch (SsoException e) {
                    throw at(i, app.name(), e);
                }
            }
            try {
                s.applications()
                        .createAll(
                                specs,
                                apps.stream()
                                        .map(ApplicationsEndpoint.NewApp::fields)
                                        .toList());
            } catch (BatchRowException e) {
                throw at(e.row(), apps.get(e.row()).name(), e);
            }
            return apps.size();
        });
        request.respondJson(201, out -> {
            out.writeStartObject();
            out.writeNumberField("created", created);
            out.writeEndObject();
        });
    }

    /** {@code PATCH /v1/applications {"applications": [{"name", ...}]}}: every update or none. */
    void update(ApiRequest request) throws IOException {
        List<JsonNode> items = items(batchBody(request));
        List<String> names = new ArrayList<>(items.size());
        List<ApplicationsEndpoint.AppUpdate> updates = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            try {
                updates.add(ApplicationsEndpoint.AppUpdate.parse(item, UPDATE_ITEM_FIELDS));
                names.add(Json.text(item, "name"));
            } catch (SsoException e) {
                throw at(i, item.path("name").asText("?"), e);
            }
        }
        Map<String, Optional<PurgeStep>> purged = new java.util.LinkedHashMap<>();
        applications.store().inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            purged.clear();
            for (int i = 0; i < updates.size(); i++) {
                try {
                    String name = s.applications().get(names.get(i)).name();
                    purged.put(name, Optional.ofNullable(updates.get(i).apply(s, request.principal(), name)));
                } catch (SsoException e) {
                    throw at(i, names.get(i), e);
                }
            }
            return purged.size();
        });
        purged.forEach((name, step) -> applications.lookups().changed(name, step));
        request.respondJson(200, out -> {
            out.writeStartObject();
            out.writeNumberField("updated", updates.size());
            out.writeEndObject();
        });
    }

    private static JsonNode batchBody(ApiRequest request) throws IOException {
        WipeableBuffer body = request.body(ApiRequest.MAX_BATCH_BODY_BYTES);
        try {
            return Json.object(body.array(), body.size());
        } finally {
            body.wipe();
        }
    }

    private static List<JsonNode> items(JsonNode json) {
        Json.onlyKnown(json, Set.of("applications"));
        JsonNode list = json.get("applications");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_BATCH) {
            throw Json.invalid(
                    "The field \"applications\" is required: an array of 1 to " + MAX_BATCH + " applications");
        }
        List<JsonNode> items = new ArrayList<>(list.size());
        list.forEach(items::add);
        return items;
    }

    private static SsoException at(int index, String name, SsoException e) {
        return SsoException.relayed(
                e.error(), "Application " + (index + 1) + " (" + name + "), nothing applied: " + e.sentence());
    }
}
