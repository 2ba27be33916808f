package org.entsso.sso.api.internal;

/** A path that exists but not for the request's method; answered 405 with {@code Allow}. */
final class MethodNotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String allow;

    MethodNotAllowed(String allow) {
        super("allowed: " + allow, null, false, false);
        this.allow = allow;
    }

    /** The {@code Allow} header value, e.g. {@code GET, HEAD}. */
    String allow() {
        return allow;
    }
}
