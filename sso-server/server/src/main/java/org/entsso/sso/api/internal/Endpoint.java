package org.entsso.sso.api.internal;

import java.io.IOException;

/** Serves the requests of one resource. Implementations are thread-safe; errors are thrown as SsoExceptions. */
@FunctionalInterface
public interface Endpoint {
    /** Answers {@code request} or throws: SsoException (mapped by {@link ErrorStatus}) or {@link MethodNotAllowed}. */
    void serve(ApiRequest request) throws IOException;
}
