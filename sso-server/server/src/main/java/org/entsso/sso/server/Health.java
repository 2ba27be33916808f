package org.entsso.sso.server;

import java.util.Objects;

/**
 * What {@code /v1/sys/health} answers, with Vault-like status codes (anchors/vault.md §6) so load balancers and
 * monitors can tell the roles apart without a body:
 *
 * <table>
 *   <caption>status codes</caption>
 *   <tr><td>200</td><td>the active master secret server</td></tr>
 *   <tr><td>429</td><td>an SSO server holding the secret, with a reachable master secret server</td></tr>
 *   <tr><td>474</td><td>an SSO server serving from its cached secret without a reachable master secret server</td></tr>
 *   <tr><td>503</td><td>no secret, or offline (the database unreachable past the grace)</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 *
 * @param status the HTTP status code
 * @param role {@code active}, {@code standby}, {@code standby-cached} or {@code unavailable}
 * @param reason one sentence for humans
 */
public record Health(int status, String role, String reason) {
    public Health {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Evaluates a node's health.
     *
     * @param activeMasterSecretServer whether this node owns the ENTSSO group and its service is online
     * @param holdsSecret whether the node's SSO server holds a keyring
     * @param masterSecretServerReachable whether a master secret server is published and its last fetch worked
     * @param availability the SSO server's database availability
     */
    public static Health evaluate(
            boolean activeMasterSecretServer,
            boolean holdsSecret,
            boolean masterSecretServerReachable,
            Availability availability) {
        if (availability == Availability.OFFLINE) {
            return new Health(503, "unavailable", "offline: the SSO database has been unreachable past the grace");
        }
        if (!holdsSecret) {
            return new Health(503, "unavailable", "no master secret yet: decryption is refused (10532)");
        }
        if (activeMasterSecretServer) {
            return new Health(200, "active", "the active master secret server");
        }
        if (masterSecretServerReachable) {
            return new Health(429, "standby", "an SSO server holding the secret");
        }
        return new Health(
                474, "standby-cached", "serving from the cached secret; no master secret server is reachable");
    }

    /** The JSON body: {@code {"status":...,"role":"...","reason":"..."}}. */
    public String toJson() {
        return "{\"status\":" + status + ",\"role\":\"" + role + "\",\"reason\":\"" + reason.replace("\"", "'") + "\"}";
    }
}
