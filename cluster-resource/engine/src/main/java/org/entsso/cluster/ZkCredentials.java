package org.entsso.cluster;

import java.util.Objects;

/**
 * The digest credentials cluster nodes authenticate to ZooKeeper with. When configured, cluster znodes carry ACLs
 * that let only holders of these credentials write (everyone may read), and every new session re-authenticates.
 * {@link #toString()} never shows the password.
 *
 * @param user the digest user name
 * @param password the digest password
 */
public record ZkCredentials(String user, String password) {
    public ZkCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isBlank() || user.contains(":")) {
            throw new IllegalArgumentException("The ZooKeeper user must be non-empty and contain no ':'");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("The ZooKeeper password must not be empty");
        }
    }

    /** Parses {@code user:password}, as read from a credentials file or the environment. */
    public static ZkCredentials parse(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("ZooKeeper credentials must look like user:password");
        }
        return new ZkCredentials(
                userColonPassword.substring(0, colon),
                userColonPassword.substring(colon + 1).strip());
    }

    @Override
    public String toString() {
        return "ZkCredentials[user=" + user + ", password=***]";
    }
}
