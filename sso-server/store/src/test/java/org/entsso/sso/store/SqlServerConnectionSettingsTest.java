package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SqlServerConnectionSettingsTest {
    @Test
    void defaults_areSafeForAnAvailabilityGroupListener() {
        String url = SqlServerConnectionSettings.builder("sso-ag-listener.corp", "SSODB")
                .build()
                .jdbcUrl();

        assertThat(url)
                .startsWith("jdbc:sqlserver://sso-ag-listener.corp:1433;databaseName=SSODB")
                .contains(";multiSubnetFailover=true")
                .contains(";connectRetryCount=3;connectRetryInterval=10")
                .contains(";encrypt=true;trustServerCertificate=false");
    }

    @Test
    void trustStorePassword_travelsAsADriverPropertyAndIsNeverShown() {
        SqlServerConnectionSettings settings = SqlServerConnectionSettings.builder("listener", "SSODB")
                .trustStore(Path.of("/etc/sso/truststore.p12"), "hunter2".toCharArray())
                .hostNameInCertificate("*.corp")
                .build();

        assertThat(settings.jdbcUrl())
                .contains("trustStore=/etc/sso/truststore.p12")
                .doesNotContain("hunter2");
        assertThat(settings.driverProperties()).containsEntry("trustStorePassword", "hunter2");
        assertThat(settings.toString()).doesNotContain("hunter2");
        assertThat(settings.toStoreConfig("sso", "pw-secret".toCharArray())
                        .build()
                        .toString())
                .doesNotContain("hunter2")
                .doesNotContain("pw-secret");
    }

    @Test
    void storeConfig_refusesAPasswordInTheUrl() {
        assertThatThrownBy(() -> StoreConfig.builder("jdbc:sqlserver://h;user=sa;password=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("password=x");
    }

    @Test
    void connectRetry_outsideTheDriversRangeIsRefused() {
        assertThatThrownBy(() -> SqlServerConnectionSettings.builder("h", "d")
                        .connectRetry(256, java.time.Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
