package org.entsso.sso.store;

import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Which principal is in which group, kept in the database until a directory service is wired in. Every change moves
 * the global row's groups stamp in the same transaction ({@link GlobalInfo#groupsStamp()}).
 */
public interface GroupMembershipRepository {
    /** Adds a principal to a group; no-op when already a member. Idempotent. */
    void add(String principal, String group);

    /** Removes a principal from a group; returns false when it was not a member. */
    boolean remove(String principal, String group);

    /** The groups of a principal. */
    SortedSet<String> groupsOf(String principal);

    /** The members of a group. */
    SortedSet<String> membersOf(String group);

    /** Every group with its members, by group name (names compare ignoring case). */
    SortedMap<String, SortedSet<String>> all();

    /** Whether a principal is in a group. */
    boolean isMember(String principal, String group);
}
