package org.entsso.sso.store.internal;

import java.util.Optional;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.hibernate.Session;

/** Finding applications by name, ignoring case, through the unique index on the computed upper-case name. */
final class Applications {
    private Applications() {}

    static Optional<ApplicationEntity> find(Session session, String name) {
        if (name == null) {
            return Optional.empty();
        }
        return session.createSelectionQuery(
                        "from ApplicationEntity a where a.nameKey = upper(:name)", ApplicationEntity.class)
                .setParameter("name", name)
                .uniqueResultOptional();
    }

    static ApplicationEntity require(Session session, String name) {
        return find(session, name)
                .orElseThrow(() -> new SsoException(SsoError.APPLICATION_NOT_FOUND, "Application Name: " + name));
    }
}
