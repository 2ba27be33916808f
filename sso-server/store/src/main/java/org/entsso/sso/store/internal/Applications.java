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

    /** How {@link #requireAll} keys its map: the name upper-cased as the unique index compares it. */
    static String key(String name) {
        return name.toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The applications whose upper-cased names are among {@code keys} ({@link #key}), one query per 500 keys: the one
     * set-based read every batch uses.
     */
    static java.util.List<ApplicationEntity> findAll(Session session, java.util.List<String> keys) {
        java.util.List<String> distinct = keys.stream().distinct().toList();
        java.util.List<ApplicationEntity> found = new java.util.ArrayList<>();
        for (int from = 0; from < distinct.size(); from += 500) {
            found.addAll(session.createSelectionQuery(
                            "from ApplicationEntity a where a.nameKey in (:keys)", ApplicationEntity.class)
                    .setParameter("keys", distinct.subList(from, Math.min(distinct.size(), from + 500)))
                    .getResultList());
        }
        return found;
    }

    /**
     * The applications of {@code names} by {@link #key}, read with {@link #findAll} (a name the database upper-cases
     * differently is looked up on its own).
     *
     * @throws SsoException APPLICATION_NOT_FOUND for the first that does not exist
     */
    static java.util.Map<String, ApplicationEntity> requireAll(Session session, java.util.List<String> names) {
        java.util.Map<String, ApplicationEntity> found = new java.util.HashMap<>();
        findAll(session, names.stream().map(Applications::key).toList()).forEach(a -> found.put(a.nameKey, a));
        for (String name : names) {
            found.computeIfAbsent(key(name), k -> require(session, name));
        }
        return found;
    }
}
