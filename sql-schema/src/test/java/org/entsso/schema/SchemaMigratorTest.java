package org.entsso.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {
    private JdbcDataSource dataSource;

    @BeforeEach
    void newDatabase() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:schema-" + UUID.randomUUID()
                + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
    }

    @Test
    void migrateOnH2_createsEveryTableAtTheCurrentVersion() throws SQLException {
        String version = SchemaMigrator.migrate(dataSource);

        assertThat(version).isEqualTo(SchemaMigrator.CURRENT_VERSION);
        assertThat(query("SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"))
                .contains(
                        "global_info",
                        "affiliate_application",
                        "field_info",
                        "mapping",
                        "external_credential",
                        "config_item",
                        "group_membership",
                        "sso_server",
                        "audit_deleted_application",
                        "audit_deleted_mapping",
                        "audit_credential_lookup",
                        "secret_metadata",
                        "write_request");
    }

    @Test
    void migrateOnH2_createsAnIndexForEveryLookupPath() throws SQLException {
        SchemaMigrator.migrate(dataSource);

        assertThat(query("SELECT LOWER(INDEX_NAME) FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = 'PUBLIC'"))
                .contains(
                        "ux_affiliate_application_name",
                        "ux_field_info",
                        "ux_mapping_windows",
                        "ux_mapping_external",
                        "ix_mapping_account",
                        "ux_external_credential",
                        "ix_external_credential_msid",
                        "ux_config_item",
                        "ix_config_item_msid",
                        "ux_group_membership",
                        "ix_group_membership_group",
                        "ux_sso_server_name",
                        "ix_audit_deleted_mapping_time",
                        "ix_audit_credential_lookup_kind",
                        "ix_write_request_applied_at");
    }

    @Test
    void migrateTwice_isANoOpTheSecondTime() {
        SchemaMigrator.migrate(dataSource);

        assertThat(SchemaMigrator.migrate(dataSource)).isEqualTo(SchemaMigrator.CURRENT_VERSION);
        SchemaMigrator.validate(dataSource);
    }

    @Test
    void globalInfo_isSeededWithEntssoDefaultsAndAcceptsNoSecondRow() throws SQLException {
        SchemaMigrator.migrate(dataSource);

        assertThat(query("SELECT CONCAT(flags, '/', audit_app_delete_cap, '/', ticket_timeout_minutes, '/',"
                        + " cred_cache_timeout_minutes, '/', mss_epoch) FROM global_info"))
                .containsExactly("64/1000/2/60/0");
        assertThatThrownBy(() -> execute("INSERT INTO global_info SELECT 2, flags, sso_enabled, audit_app_delete_cap,"
                        + " audit_mapping_delete_cap, audit_ntp_lookup_cap, audit_xp_lookup_cap, ticket_timeout_minutes,"
                        + " cred_cache_timeout_minutes, sso_admin_group, affiliate_admin_group, secret_server_name,"
                        + " current_msid, reencrypt_state, reencrypt_source_msid, reencrypt_cursor, mss_epoch,"
                        + " update_stamp FROM global_info"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void applicationNames_areUniqueIgnoringCaseButStoredAsTyped() throws SQLException {
        SchemaMigrator.migrate(dataSource);
        String insert = "INSERT INTO affiliate_application (name, user_groups, admin_groups, flags, num_fields,"
                + " purge_id, created_at, updated_at) VALUES ('%s', 'u', 'a', 0, 1, '%s', CURRENT_TIMESTAMP,"
                + " CURRENT_TIMESTAMP)";
        execute(String.format(insert, "Payroll", UUID.randomUUID()));

        assertThatThrownBy(() -> execute(String.format(insert, "PAYROLL", UUID.randomUUID())))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("ux_affiliate_application_name");
        assertThat(query("SELECT name FROM affiliate_application")).containsExactly("Payroll");
    }

    @Test
    void vendor_isReadFromTheProductNameNotTheUrl() {
        assertThat(DatabaseVendor.of(dataSource)).isEqualTo(DatabaseVendor.H2);
        assertThat(DatabaseVendor.fromProductName("Microsoft SQL Server")).isEqualTo(DatabaseVendor.SQL_SERVER);
        assertThatThrownBy(() -> DatabaseVendor.fromProductName("PostgreSQL"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }
}
