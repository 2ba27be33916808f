package org.entsso.sso.api.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/**
 * Group membership, which a directory service would keep in ENTSSO and the SSO database keeps here (issue 12 item 7):
 *
 * <pre>
 *   GET    /v1/groups                               SSO (affiliate) administrators: every group and its members
 *   GET    /v1/groups/{group}                       SSO (affiliate) administrators: one group's members
 *   PUT    /v1/groups/{group}/members/{principal}   SSO administrators: add (idempotent)
 *   DELETE /v1/groups/{group}/members/{principal}   SSO administrators: remove
 * </pre>
 *
 * An SSO administrator cannot remove themselves from the SSO Administrators group (15009): ENTSSO keeps the caller in
 * it for the same reason (10597). Every change reaches every SSO server at once
 * ({@link CredentialLookupService#globalChangeCommitted()}): cached credentials go, as the change may take a right
 * away. Thread-safe.
 */
public final class GroupsEndpoint implements Endpoint {
    private final SsoStore store;
    private final CredentialLookupService lookups;

    public GroupsEndpoint(SsoStore store, CredentialLookupService lookups) {
        this.store = Objects.requireNonNull(store, "store");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
    }

    @Override
    public void serve(ApiRequest request) throws IOException {
        List<String> rest = Routes.rest(request, 2);
        if (rest.isEmpty()) {
            request.require("GET");
            SortedMap<String, SortedSet<String>> groups = store.read(s -> {
                Access.requireAffiliateAdministrator(s, request.principal());
                return s.groups().all();
            });
            request.respondJson(200, json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("groups");
                for (Map.Entry<String, SortedSet<String>> group : groups.entrySet()) {
                    writeGroup(json, group.getKey(), group.getValue());
                }
                json.writeEndArray();
                json.writeEndObject();
            });
        } else if (rest.size() == 1) {
            request.require("GET");
            String group = checked(rest.get(0));
            SortedSet<String> members = store.read(s -> {
                Access.requireAffiliateAdministrator(s, request.principal());
                return s.groups().membersOf(group);
            });
            request.respondJson(200, json -> writeGroup(json, group, members));
        } else if (rest.size() == 3 && rest.get(1).equals("members")) {
            member(request, checked(rest.get(0)), checked(rest.get(2)));
        } else {
            throw Routes.noEndpoint(request);
        }
    }

    private void member(ApiRequest request, String group, String principal) throws IOException {
        switch (request.method()) {
            case "PUT" ->
                store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
                    Access.requireSsoAdministrator(s, request.principal());
                    s.groups().add(principal, group);
                    return null;
                });
            case "DELETE" ->
                store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
                    Access.requireSsoAdministrator(s, request.principal());
                    String ssoAdmins = s.globalInfo().get().settings().ssoAdminGroup();
                    if (group.equalsIgnoreCase(ssoAdmins) && principal.equalsIgnoreCase(request.principal())) {
                        throw new SsoException(
                                SsoError.CANNOT_REMOVE_SSO_ADMIN,
                                principal + " is the caller; another SSO administrator can remove it.");
                    }
                    if (!s.groups().remove(principal, group)) {
                        throw new SsoException(SsoError.NOT_FOUND, principal + " is not a member of " + group + ".");
                    }
                    return null;
                });
            default -> throw new MethodNotAllowed("PUT, DELETE");
        }
        lookups.globalChangeCommitted();
        request.respondEmpty(204);
    }

    private static String checked(String name) {
        if (name.isBlank() || name.length() > 256 || name.chars().anyMatch(Character::isISOControl)) {
            throw Json.invalid("A group or principal name is 1 to 256 characters without control characters");
        }
        return name.strip();
    }

    private static void writeGroup(
            com.fasterxml.jackson.core.JsonGenerator json, String group, SortedSet<String> members) throws IOException {
        json.writeStartObject();
        json.writeStringField("group", group);
        json.writeArrayFieldStart("members");
        for (String member : members) {
            json.writeString(member);
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
