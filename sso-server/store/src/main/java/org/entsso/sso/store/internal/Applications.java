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
     * The applications of {@code names} by {@link #key}, one query per 500 names (a name the database upper-cases
     * differently is looked up on its own).
     *
     * @throws SsoException APPLICATION_NOT_FOUND for the first that does not exist
     */
    static java.util.Map<String, ApplicationEntity> requireAll(Session session, java.util.List<String> names) {
        java.util.List<String> keys =
                names.stream().map(Applications::key).distinct().toList();
        java.util.Map<String, ApplicationEntity> found = new java.util.HashMap<>();
        for (int from = 0; from < keys.size(); from += 500) {
            session.createSelectionQuery("from ApplicationEntity a where a.nameKey in (:keys)", ApplicationEntity.class)
                    .setParameter("keys", keys.subList(from, Math.min(keys.size(), from + 500)))
                    .getResultList()
                    .forEach(a -> found.put(key(a.name), a));
        }
        for (String name : names) {
            found.computeIfAbsent(key(name), k -> require(session, name));
        }
        return found;
    }
}
