package org.entsso.cluster.resource.types;

import java.util.Set;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceType;

/**
 * A database health check: Online opens a JDBC connection and runs a validation query; LooksAlive asks the driver
 * whether the connection is valid; IsAlive runs the query again. Private properties:
 *
 * <ul>
 *   <li>{@code ConnectionUrl} (required): a JDBC URL; its driver must be on the node's class path. Any password in it
 *       is redacted from messages, but prefer {@code PasswordFile}.
 *   <li>{@code ValidationQuery}: default {@code SELECT 1}.
 *   <li>{@code User}: the database user, if the URL does not carry it.
 *   <li>{@code PasswordFile}: a file on the node holding the password (one line). The password is never a property
 *       value, because properties are stored in ZooKeeper and printed by {@code Get-ClusterParameter}.
 *   <li>{@code QueryTimeoutSeconds}: the validation query's timeout, default 5.
 * </ul>
 *
 * Thread-safe and stateless.
 */
public final class SqlHealthCheckType implements ResourceType {
    /** The type name. */
    public static final String NAME = "SQL Health Check";

    public static final String CONNECTION_URL = "ConnectionUrl";
    public static final String VALIDATION_QUERY = "ValidationQuery";
    public static final String USER = "User";
    public static final String PASSWORD_FILE = "PasswordFile";
    public static final String QUERY_TIMEOUT_SECONDS = "QueryTimeoutSeconds";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> requiredParameters() {
        return Set.of(CONNECTION_URL);
    }

    @Override
    public ResourceInstance open(ResourceContext context) {
        return new SqlHealthCheckInstance(context);
    }
}
