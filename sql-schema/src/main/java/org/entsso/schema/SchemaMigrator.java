package org.entsso.schema;

import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings an SSO database to the current schema with Flyway 12.4.0 through its Java API: the common migrations plus
 * the folder of the vendor found in the JDBC metadata ({@code db/migration/common} + {@code db/migration/sqlserver}
 * or {@code db/migration/h2}). See {@code sql-schema/README.md} for the tables.
 *
 * <p>Stateless and thread-safe; concurrent callers against one database are serialized by Flyway's own lock on its
 * history table.
 */
public final class SchemaMigrator {
    /** The schema version this build expects, i.e. the highest migration version shipped. */
    public static final String CURRENT_VERSION = "8";

    private SchemaMigrator() {}

    /**
     * Applies every pending migration and returns the version the database is at afterwards.
     *
     * @throws IllegalArgumentException for a database other than SQL Server or H2
     * @throws org.flywaydb.core.api.FlywayException when a migration fails (Flyway rolls the failed one back)
     */
    public static String migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        DatabaseVendor vendor = DatabaseVendor.of(dataSource);
        MigrateResult result = flyway(dataSource, vendor).migrate();
        return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    }

    /**
     * Checks, without changing anything, that the database is at the current version and its applied migrations
     * match the shipped ones.
     *
     * @throws org.flywaydb.core.api.FlywayException when it does not
     */
    public static void validate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        flyway(dataSource, DatabaseVendor.of(dataSource)).validate();
    }

    private static Flyway flyway(DataSource dataSource, DatabaseVendor vendor) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", vendor.location())
                .table("schema_history")
                .failOnMissingLocations(true)
                .load();
    }
}
