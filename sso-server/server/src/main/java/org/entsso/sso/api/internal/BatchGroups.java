package org.entsso.sso.api.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.entsso.sso.store.StoreSession;

/**
 * Group memberships as one batch request reads them: each principal's groups once, and, once more than a few
 * principals were asked for, the whole membership table in one query instead of one query per principal. Bound to the
 * batch's transaction; not thread-safe.
 */
final class BatchGroups {
    /** Principals looked up one by one before the whole table is read. */
    private static final int ONE_BY_ONE = 16;

    private final StoreSession session;
    private final Map<String, Set<String>> known = new HashMap<>();
    private Map<String, SortedSet<String>> byMember;

    BatchGroups(StoreSession session) {
        this.session = session;
    }

    /** The groups {@code principal} is a member of. */
    Set<String> groupsOf(String principal) {
        Set<String> groups = known.get(principal);
        if (groups != null) {
            return groups;
        }
        if (byMember == null && known.size() < ONE_BY_ONE) {
            groups = session.groups().groupsOf(principal);
        } else {
            if (byMember == null) {
                byMember = invert(session.groups().all());
            }
            groups = byMember.getOrDefault(principal, Collections.emptySortedSet());
        }
        known.put(principal, groups);
        return groups;
    }

    private static Map<String, SortedSet<String>> invert(Map<String, SortedSet<String>> groups) {
        Map<String, SortedSet<String>> byMember = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        groups.forEach((group, members) -> members.forEach(
                member -> byMember.computeIfAbsent(member, m -> new TreeSet<>()).add(group)));
        return byMember;
    }
}
