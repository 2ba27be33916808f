package org.entsso.sso.store.internal;

import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.GroupMembershipRepository;
import org.hibernate.Session;

/** Group membership through Hibernate. Not thread-safe. */
final class HibernateGroupMembershipRepository implements GroupMembershipRepository {
    private final Session session;

    HibernateGroupMembershipRepository(Session session) {
        this.session = session;
    }

    @Override
    public void add(String principal, String group) {
        check(principal, group);
        if (isMember(principal, group)) {
            return;
        }
        GroupMembershipEntity e = new GroupMembershipEntity();
        e.principalName = principal;
        e.groupName = group;
        session.persist(e);
        session.flush();
        bumpStamp();
    }

    @Override
    public boolean remove(String principal, String group) {
        boolean removed = session.createMutationQuery(
                                "delete from GroupMembershipEntity g where g.principalName = :p and g.groupName = :g")
                        .setParameter("p", principal)
                        .setParameter("g", group)
                        .executeUpdate()
                > 0;
        if (removed) {
            bumpStamp();
        }
        return removed;
    }

    @Override
    public SortedMap<String, SortedSet<String>> all() {
        SortedMap<String, SortedSet<String>> groups = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Object[] row : session.createSelectionQuery(
                        "select g.groupName, g.principalName from GroupMembershipEntity g", Object[].class)
                .getResultList()) {
            groups.computeIfAbsent((String) row[0], k -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER))
                    .add((String) row[1]);
        }
        return groups;
    }

    /**
     * Moves global_info.groups_stamp in this transaction: the SSO servers' poll, the fallback of the membership signal,
     * sees every change (a bulk update, so the row's optimistic-concurrency version stays).
     */
    private void bumpStamp() {
        session.createMutationQuery("update GlobalInfoEntity g set g.groupsStamp = g.groupsStamp + 1 where g.id = 1")
                .executeUpdate();
    }

    @Override
    public SortedSet<String> groupsOf(String principal) {
        return new TreeSet<>(session.createSelectionQuery(
                        "select g.groupName from GroupMembershipEntity g where g.principalName = :p", String.class)
                .setParameter("p", principal)
                .getResultList());
    }

    @Override
    public SortedSet<String> membersOf(String group) {
        return new TreeSet<>(session.createSelectionQuery(
                        "select g.principalName from GroupMembershipEntity g where g.groupName = :g", String.class)
                .setParameter("g", group)
                .getResultList());
    }

    @Override
    public boolean isMember(String principal, String group) {
        return !session.createSelectionQuery(
                        "select g.id from GroupMembershipEntity g where g.principalName = :p and g.groupName = :g",
                        Long.class)
                .setParameter("p", principal)
                .setParameter("g", group)
                .getResultList()
                .isEmpty();
    }

    private static void check(String principal, String group) {
        if (principal == null || principal.isBlank() || principal.length() > 256) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "A principal must be 1 to 256 characters.");
        }
        if (group == null || group.isBlank() || group.length() > 256) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "A group must be 1 to 256 characters.");
        }
    }
}
