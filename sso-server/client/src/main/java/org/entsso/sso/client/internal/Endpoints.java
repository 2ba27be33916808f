package org.entsso.sso.client.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** SSO server endpoints ({@code https://host:port}) and the API paths on them. Stateless. */
public final class Endpoints {
    private Endpoints() {}

    /** Parses an endpoint; {@link IllegalArgumentException} says what is wrong with it. */
    public static URI parse(String text) {
        try {
            return check(new URI(text.trim()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URI: " + e.getReason(), e);
        }
    }

    /** {@code endpoint} normalised to {@code https://host:port} if it is one; {@link IllegalArgumentException} if not. */
    public static URI check(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (scheme == null || !scheme.toLowerCase(Locale.ROOT).equals("https")) {
            throw new IllegalArgumentException("an SSO server endpoint is https://host:port, not '" + endpoint + "'");
        }
        if (endpoint.getHost() == null || endpoint.getPort() < 1) {
            throw new IllegalArgumentException(
                    "an SSO server endpoint names a host and a port (https://host:port), not '" + endpoint + "'");
        }
        String path = endpoint.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || endpoint.getRawQuery() != null
                || endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "an SSO server endpoint has no path, query or user (https://host:port), not '" + endpoint + "'");
        }
        return URI.create("https://" + endpoint.getRawAuthority());
    }

    /** One path segment, percent-encoded ({@code DOMAIN\\user} -> {@code DOMAIN%5Cuser}; a space as %20). */
    public static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a name in the request path must not be empty");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter value, percent-encoded. */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
