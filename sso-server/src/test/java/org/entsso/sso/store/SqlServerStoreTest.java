package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.entsso.schema.DatabaseVendor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mssqlserver.MSSQLServerContainer;

/**
 * The store contract on real SQL Server (the T-SQL migrations, computed-column uniqueness, UPDLOCK fencing) in a
 * container. Skipped, not failed, where no Docker engine exists (java-anchors.md §3).
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class SqlServerStoreTest extends AbstractStoreContractTest {
    /** Pinned image; listed in src/test/resources/container-license-acceptance.txt. */
    static final String IMAGE = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";

    private MSSQLServerContainer container;

    @Override
    protected StoreConfig startDatabase() throws Exception {
        container = new MSSQLServerContainer(IMAGE);
        container.start();
        try (Connection c = DriverManager.getConnection(
                        container.getJdbcUrl(), container.getUsername(), container.getPassword());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE SSODB");
        }
        // The container has a self-signed certificate and no AG; production keeps encrypt=true and validation.
        return SqlServerConnectionSettings.builder(container.getHost(), "SSODB")
                .port(container.getMappedPort(MSSQLServerContainer.MS_SQL_SERVER_PORT))
                .multiSubnetFailover(false)
                .encrypt("false")
                .trustServerCertificate(true)
                .build()
                .toStoreConfig(container.getUsername(), container.getPassword().toCharArray())
                .poolName("sqlserver")
                .build();
    }

    @Override
    protected void stopDatabase() {
        if (container != null) {
            container.stop();
        }
    }

    @Test
    void storeOnSqlServer_isDetectedAsSqlServer() {
        assertThat(store.vendor()).isEqualTo(DatabaseVendor.SQL_SERVER);
    }
}
