package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.entsso.schema.DatabaseVendor;
import org.entsso.sso.node.DatabaseAccess;
import org.entsso.sso.node.DatabaseSettings;
import org.entsso.sso.node.NodeConfigFile;
import org.entsso.sso.testing.TestPki;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mssqlserver.MSSQLServerContainer;

/**
 * The store contract on real SQL Server (the T-SQL migrations, computed-column uniqueness, UPDLOCK fencing) in a
 * container, connected as a node connects: from the {@code database.sqlserver.*} keys of a node.properties, with
 * {@code encrypt=true}. Skipped, not failed, where no Docker engine exists (java-anchors.md §3).
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class SqlServerStoreTest extends AbstractStoreContractTest {
    /** Pinned image; listed in src/test/resources/container-license-acceptance.txt. */
    static final String IMAGE = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";

    private MSSQLServerContainer container;
    private DatabaseAccess access;
    private Path config;

    @Override
    protected StoreConfig startDatabase() throws Exception {
        container = new MSSQLServerContainer(IMAGE);
        container.start();
        try (Connection c = DriverManager.getConnection(
                        container.getJdbcUrl(), container.getUsername(), container.getPassword());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE SSODB");
        }
        return nodeStoreConfig(container.getHost(), container.getMappedPort(MSSQLServerContainer.MS_SQL_SERVER_PORT));
    }

    /**
     * The store configuration a node builds from its node.properties for the container. The container has a self-signed
     * certificate and no availability group: the connection is encrypted, but its certificate is accepted without
     * validation, which only the explicit opt-out allows ({@code database.plaintext=true}); production keeps
     * validation.
     */
    private StoreConfig nodeStoreConfig(String host, int port) throws Exception {
        config = Files.createTempDirectory("sqlserver-node");
        for (String f : List.of("node.p12", "node.p12.pwd", "ca.pem")) {
            Files.writeString(config.resolve(f), "x");
        }
        Path passwordFile = config.resolve("db-password");
        Files.writeString(passwordFile, container.getPassword());
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Path properties = config.resolve("node.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "node.name=node1",
                        "node.roles=sso-server",
                        "zookeeper.connect=127.0.0.1:2181",
                        "api.port=8443",
                        "mss.port=8444",
                        "tls.keyStore=node.p12",
                        "tls.keyStorePasswordFile=node.p12.pwd",
                        "tls.trustStore=ca.pem",
                        "database.sqlserver.listener=" + host + ":" + port,
                        "database.sqlserver.database=SSODB",
                        "database.sqlserver.multiSubnetFailover=false",
                        "database.sqlserver.encrypt=true",
                        "database.sqlserver.trustServerCertificate=true",
                        "database.plaintext=true",
                        "database.user=" + container.getUsername(),
                        "database.passwordFile=db-password"));
        DatabaseSettings settings = NodeConfigFile.load(properties).database();
        assertThat(settings.url()).contains(";encrypt=true;");
        access = new DatabaseAccess(settings, new TestPki().ssoServer("node1"));
        access.start();
        // A first login to a fresh container can take longer than a node's 3 s pool wait.
        return access.storeConfig()
                .poolName("sqlserver")
                .connectionTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    protected void stopDatabase() {
        if (access != null) {
            access.close();
        }
        if (container != null) {
            container.stop();
        }
        if (config != null) {
            TempDirs.deleteRecursively(config);
        }
    }

    @Test
    void storeOnSqlServer_isDetectedAsSqlServer() {
        assertThat(store.vendor()).isEqualTo(DatabaseVendor.SQL_SERVER);
    }
}
