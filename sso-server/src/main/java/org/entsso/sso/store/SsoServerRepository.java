package org.entsso.sso.store;

import java.util.List;
import java.util.Optional;

/** The SSO servers that report in. Bound to one transaction; not thread-safe. */
public interface SsoServerRepository {
    /** Records that a server is alive now (inserts it the first time). Idempotent. */
    SsoServerInfo heartbeat(String name, String version, String status);

    /** Finds a server by name. */
    Optional<SsoServerInfo> find(String name);

    /** Every server, by name. */
    List<SsoServerInfo> list();

    /** Forgets a server; returns false when it was not known. */
    boolean remove(String name);
}
