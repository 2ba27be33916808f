package org.entsso.sso.client.internal;

/** The {@code /v1} paths of docs/api.md, with each name percent-encoded as one segment. Stateless. */
public final class ApiPaths {
    private ApiPaths() {}

    /** {@code /v1/applications/{app}}. */
    public static String application(String application) {
        return "/v1/applications/" + Endpoints.segment(application);
    }

    /** {@code /v1/applications/{app}/mappings/{account}}. */
    public static String mapping(String application, String account) {
        return application(application) + "/mappings/" + Endpoints.segment(account);
    }

    /** {@code PUT .../mappings/{account}/credentials}. */
    public static String credentials(String application, String account) {
        return mapping(application, account) + "/credentials";
    }

    /** {@code GET /v1/applications/{app}/credentials[?refresh=true]}: the caller's own. */
    public static String credentials(String application, boolean refresh) {
        return application(application) + "/credentials" + (refresh ? "?refresh=true" : "");
    }

    /** {@code /v1/groups/{group}/members/{principal}}. */
    public static String groupMember(String group, String principal) {
        return "/v1/groups/" + Endpoints.segment(group) + "/members/" + Endpoints.segment(principal);
    }

    /** {@code /v1/config/{app}/{identifier}}. */
    public static String config(String application, String identifier) {
        return "/v1/config/" + Endpoints.segment(application) + "/" + Endpoints.segment(identifier);
    }
}
