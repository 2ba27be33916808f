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

    /** {@code GET /v1/applications/{app}/credentials[?account=...][&refresh=true]} (account null: the caller's). */
    public static String credentials(String application, String account, boolean refresh) {
        StringBuilder path = new StringBuilder(application(application)).append("/credentials");
        char separator = '?';
        if (account != null) {
            path.append(separator).append("account=").append(Endpoints.query(account));
            separator = '&';
        }
        if (refresh) {
            path.append(separator).append("refresh=true");
        }
        return path.toString();
    }

    /** {@code /v1/config/{app}/{identifier}}. */
    public static String config(String application, String identifier) {
        return "/v1/config/" + Endpoints.segment(application) + "/" + Endpoints.segment(identifier);
    }
}
