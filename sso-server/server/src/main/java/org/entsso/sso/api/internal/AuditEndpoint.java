package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entsso.sso.store.AuditEntry;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/**
 * The database audit tables for SSO administrators (anchors/entsso.md §3: deleted applications, deleted or disabled
 * mappings, credential lookups, each a ring buffer capped by the global settings):
 *
 * <pre>
 *   GET /v1/audit/deleted-applications
 *   GET /v1/audit/deleted-mappings[?since=2026-12-01T00:00:00Z]
 *   GET /v1/audit/lookups[?kind=windows|host]          windows-initiated (default) or host-initiated
 * </pre>
 *
 * Newest first, except deleted mappings (oldest first, as servers poll them); {@code limit} (1-1000, default 100)
 * keeps the first rows. Never a credential. Thread-safe.
 */
public final class AuditEndpoint implements Endpoint {
    private final SsoStore store;

    public AuditEndpoint(SsoStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void serve(ApiRequest request) throws IOException {
        List<String> rest = Routes.rest(request, 2);
        if (rest.size() != 1) {
            throw Routes.noEndpoint(request);
        }
        request.require("GET");
        Map<String, String> query = request.query();
        int limit = limit(query.get("limit"));
        String table = rest.get(0);
        switch (table) {
            case "deleted-applications" -> {
                List<AuditEntry.DeletedApplication> rows =
                        read(request, s -> s.audit().deletedApplications());
                respond(request, table, rows.stream().limit(limit).toList(), (json, r) -> {
                    json.writeStringField("application", r.applicationName());
                    json.writeStringField("deletedBy", r.deletedBy());
                    json.writeStringField("at", r.occurredAt().toString());
                });
            }
            case "deleted-mappings" -> {
                Instant since = since(query.get("since"));
                List<AuditEntry.DeletedMapping> rows =
                        read(request, s -> s.audit().mappingChangesSince(since));
                respond(request, table, rows.stream().limit(limit).toList(), (json, r) -> {
                    json.writeStringField("application", r.applicationName());
                    json.writeStringField("account", r.account().toString());
                    json.writeStringField("externalUser", r.externalUser().orElse(""));
                    json.writeStringField("change", r.change().name().toLowerCase(java.util.Locale.ROOT));
                    json.writeStringField("by", r.changedBy());
                    json.writeStringField("at", r.occurredAt().toString());
                });
            }
            case "lookups" -> {
                AuditEntry.LookupKind kind = kind(query.getOrDefault("kind", "windows"));
                List<AuditEntry.CredentialLookup> rows =
                        read(request, s -> s.audit().credentialLookups(kind));
                respond(request, table, rows.stream().limit(limit).toList(), (json, r) -> {
                    json.writeStringField("application", r.applicationName());
                    json.writeStringField(
                            "account", r.account().map(Object::toString).orElse(""));
                    json.writeStringField("externalUser", r.externalUser().orElse(""));
                    json.writeBooleanField("succeeded", r.succeeded());
                    json.writeNumberField("errorCode", r.errorCode().orElse(0));
                    json.writeStringField("at", r.occurredAt().toString());
                });
            }
            default -> throw Routes.noEndpoint(request);
        }
    }

    private <T> List<T> read(ApiRequest request, java.util.function.Function<StoreSession, List<T>> rows) {
        return store.read((StoreSession s) -> {
            Access.requireSsoAdministrator(s, request.principal());
            return rows.apply(s);
        });
    }

    private interface Row<T> {
        void write(JsonGenerator json, T row) throws IOException;
    }

    private static <T> void respond(ApiRequest request, String table, List<T> rows, Row<T> row) throws IOException {
        request.respondJson(200, json -> {
            json.writeStartObject();
            json.writeStringField("table", table);
            json.writeArrayFieldStart("rows");
            for (T r : rows) {
                json.writeStartObject();
                row.write(json, r);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static int limit(String value) {
        if (value == null) {
            return 100;
        }
        if (value.length() > 4 || !value.chars().allMatch(Character::isDigit)) {
            throw badLimit();
        }
        int limit = Integer.parseInt(value);
        if (limit < 1 || limit > 1000) {
            throw badLimit();
        }
        return limit;
    }

    private static org.entsso.sso.SsoException badLimit() {
        return Json.invalid("?limit= is a whole number from 1 to 1000");
    }

    private static Instant since(String value) {
        if (value == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Json.invalid("?since= is an instant such as 2026-12-01T00:00:00Z");
        }
    }

    private static AuditEntry.LookupKind kind(String value) {
        return switch (value) {
            case "windows" -> AuditEntry.LookupKind.NTP;
            case "host" -> AuditEntry.LookupKind.XP;
            default -> throw Json.invalid("?kind= is windows (windows-initiated) or host (host-initiated)");
        };
    }
}
