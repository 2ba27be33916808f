package org.entsso.sso.server.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a lookup caller is local for {@code ssoconfig -remoteLookup no} (event 11068): a loopback address
 * (127.0.0.0/8, ::1). A caller through one of the machine's other addresses counts as remote, as does a connection
 * whose address is unknown: only loopback proves the caller runs on this machine. Stateless; thread-safe.
 */
public final class LocalCallers {
    private LocalCallers() {}

    /** Whether {@code address} (an IP literal as the connection shows it, no name lookup) is a loopback address. */
    public static boolean isLocal(String address) {
        if (address == null || address.isBlank() || !isLiteral(address)) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Only IP literals: a name is never resolved here (no DNS lookup on the lookup path). */
    private static boolean isLiteral(String address) {
        return address.indexOf(':') >= 0 || address.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
