package org.entsso.sso.client;

import java.net.URI;

/**
 * What one SSO server says about itself ({@code GET /v1/sys/health} or {@code /v1/sys/status}). The status document
 * carries no secret. Immutable.
 *
 * @param endpoint the server asked
 * @param httpStatus the HTTP status: for health, Vault-style (200 active MSS, 429 SSO server holding the secret, 474
 *     serving from cache without a reachable MSS, 503 no secret or offline); 200 for status
 * @param node the node name
 * @param role {@code master-secret-server} or {@code sso-server}
 * @param availability {@code ONLINE}, {@code DEGRADED_SERVING_FROM_CACHE} or {@code OFFLINE}
 * @param document the whole status document as JSON, for display
 */
public record ServerStatus(
        URI endpoint, int httpStatus, String node, String role, String availability, String document) {}
