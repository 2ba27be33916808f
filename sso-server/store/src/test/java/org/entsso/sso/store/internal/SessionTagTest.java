package org.entsso.sso.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import org.entsso.schema.DatabaseVendor;
import org.entsso.sso.store.DatabaseTimeouts;
import org.junit.jupiter.api.Test;

/** The session tag and timeouts each pooled connection carries (issue 9 item 6). */
class SessionTagTest {
    private static final DatabaseTimeouts TIMEOUTS =
            new DatabaseTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));

    @Test
    void theSqlServerProgramName_namesNodeAndIncarnation_andParsesBack() {
        SessionTag tag = SessionTag.fresh("node:with:colons");

        assertThat(tag.programName()).hasSizeLessThanOrEqualTo(128).startsWith("entsso:");
        assertThat(SessionTag.fromProgramName(tag.programName())).contains(tag);
        assertThat(SessionTag.fromProgramName("Microsoft SQL Server JDBC Driver"))
                .isEmpty();
        assertThat(SessionTag.fromProgramName(null)).isEmpty();
    }

    @Test
    void onSqlServer_theTagIsTheApplicationName_andEveryWaitIsBounded() {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:sqlserver://db:1433;databaseName=SSODB;applicationName=entsso");
        SessionTag tag = SessionTag.fresh("node1");

        tag.apply(hikari, DatabaseVendor.SQL_SERVER, TIMEOUTS);

        // The driver's property collection wins over the URL's applicationName.
        assertThat(hikari.getDataSourceProperties())
                .containsEntry("applicationName", tag.programName())
                .containsEntry("queryTimeout", "3")
                .containsEntry("socketTimeout", "5000");
        assertThat(hikari.getConnectionInitSql()).isEqualTo("SET LOCK_TIMEOUT 2000");
    }

    @Test
    void onH2_theSessionIsRecorded_andEveryWaitIsBounded() {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:h2:tcp://127.0.0.1:9092/sso;MODE=MSSQLServer");

        new SessionTag("it's", "id").apply(hikari, DatabaseVendor.H2, TIMEOUTS);

        assertThat(hikari.getJdbcUrl()).endsWith(";NETWORK_TIMEOUT=5000");
        assertThat(hikari.getConnectionInitSql())
                .contains("SET LOCK_TIMEOUT 2000", "SET QUERY_TIMEOUT 3000", "'it''s'", "COMMIT");
    }
}
