package org.entsso.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The databases the SSO schema supports, each with its folder of vendor-specific migrations. The vendor is read
 * from the JDBC metadata, never from the URL, so an H2 database in MSSQLServer mode is still H2 (java-anchors.md §4).
 */
public enum DatabaseVendor {
    /** Microsoft SQL Server (availability group listener, failover cluster instance or a single instance). */
    SQL_SERVER("sqlserver"),
    /** H2 in MSSQLServer mode: the embedded default. */
    H2("h2");

    private final String folder;

    DatabaseVendor(String folder) {
        this.folder = folder;
    }

    /** The Flyway location of this vendor's migrations, next to {@code db/migration/common}. */
    public String location() {
        return "classpath:db/migration/" + folder;
    }

    /**
     * Identifies a database by its JDBC product name.
     *
     * @throws IllegalArgumentException for a database the schema does not support
     */
    public static DatabaseVendor fromProductName(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("microsoft sql server")) {
            return SQL_SERVER;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("The SSO database must be SQL Server or H2, not: " + productName);
    }

    /**
     * Identifies the database behind a data source by opening one connection.
     *
     * @throws IllegalStateException when the database cannot be reached
     */
    public static DatabaseVendor of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return fromProductName(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database product from the SSO database", e);
        }
    }
}
