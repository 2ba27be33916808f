package org.entsso.sso.store;

import java.time.Instant;

/**
 * An SSO server as it last reported itself.
 *
 * @param name the server's name
 * @param version the software version it runs
 * @param lastSeen when it last reported
 * @param status what it reported, e.g. ONLINE or OFFLINE
 */
public record SsoServerInfo(String name, String version, Instant lastSeen, String status) {}
