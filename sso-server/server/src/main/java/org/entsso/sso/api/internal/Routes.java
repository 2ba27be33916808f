package org.entsso.sso.api.internal;

import java.util.List;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/** Shared routing answers: the 404 for a path no endpoint serves. Stateless. */
public final class Routes {
    private Routes() {}

    /** NOT_FOUND (15001, HTTP 404) naming the path. */
    public static SsoException noEndpoint(ApiRequest request) {
        return new SsoException(SsoError.NOT_FOUND, "No endpoint at " + request.path());
    }

    /** The segments after the first {@code skip}, or a 404 when any of them is empty ({@code //} or a final slash). */
    public static List<String> rest(ApiRequest request, int skip) {
        List<String> rest = request.segments().subList(skip, request.segments().size());
        if (rest.stream().anyMatch(String::isEmpty)) {
            throw noEndpoint(request);
        }
        return rest;
    }
}
