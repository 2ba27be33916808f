package org.entsso.sso.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which function (and so which audit level) each request of the API is recorded as. */
class AuditFunctionTest {
    private static Optional<AuditFunction> of(String method, String path) {
        return AuditFunction.of(method, List.of(path.substring(1).split("/")));
    }

    @Test
    void everyRouteHasItsFunction_andStatusRoutesNone() {
        assertThat(of("GET", "/v1/applications/SAP/credentials")).contains(AuditFunction.GET_CREDENTIALS);
        assertThat(of("PUT", "/v1/applications/SAP/mappings/C\\a/credentials")).contains(AuditFunction.SET_CREDENTIALS);
        assertThat(of("POST", "/v1/applications/SAP/tickets/redeem")).contains(AuditFunction.REDEEM_TICKET);
        assertThat(of("POST", "/v1/applications/SAP/reverse")).contains(AuditFunction.REVERSE_LOOKUP);
        assertThat(of("POST", "/v1/applications")).contains(AuditFunction.CREATE_APPLICATION);
        assertThat(of("GET", "/v1/applications")).contains(AuditFunction.LIST_APPLICATIONS);
        assertThat(of("PATCH", "/v1/applications/SAP")).contains(AuditFunction.UPDATE_APPLICATION);
        assertThat(of("DELETE", "/v1/applications/SAP/mappings/C\\a")).contains(AuditFunction.DELETE_MAPPING);
        assertThat(of("POST", "/v1/mappings")).contains(AuditFunction.CREATE_MAPPINGS);
        assertThat(of("POST", "/v1/mappings/delete")).contains(AuditFunction.DELETE_MAPPINGS);
        assertThat(of("GET", "/v1/mappings")).contains(AuditFunction.LIST_MAPPINGS);
        assertThat(of("POST", "/v1/tickets")).contains(AuditFunction.ISSUE_TICKET);
        assertThat(of("POST", "/v1/global/disable")).contains(AuditFunction.DISABLE_SSO);
        assertThat(of("POST", "/v1/global/enable")).contains(AuditFunction.ENABLE_SSO);
        assertThat(of("PUT", "/v1/global")).contains(AuditFunction.UPDATE_GLOBAL_INFO);
        assertThat(of("DELETE", "/v1/groups/G/members/P")).contains(AuditFunction.REMOVE_GROUP_MEMBER);
        assertThat(of("GET", "/v1/config/A")).contains(AuditFunction.LIST_CONFIG_INFO);
        assertThat(of("GET", "/v1/config/A/i")).contains(AuditFunction.GET_CONFIG_INFO);
        assertThat(of("GET", "/v1/audit/lookups")).contains(AuditFunction.READ_AUDIT);
        assertThat(of("GET", "/v1/sys/health")).isEmpty();
        assertThat(of("GET", "/v1/applications/SAP/nothing")).contains(AuditFunction.OTHER);
        assertThat(AuditFunction.applicationOf(List.of("v1", "config", "A", "i")))
                .isEqualTo("A");
        assertThat(AuditFunction.applicationOf(List.of("v1", "tickets"))).isEmpty();
    }

    @Test
    void levelsSelectByOutcome() {
        AuditLevels defaults = AuditLevels.DEFAULT;
        assertThat(defaults.records(AuditFunction.DELETE_APPLICATION, true)).isFalse();
        assertThat(defaults.records(AuditFunction.DELETE_APPLICATION, false)).isTrue();
        assertThat(defaults.records(AuditFunction.SET_CREDENTIALS, false)).isFalse();
        assertThat(new AuditLevels(3, 0).records(AuditFunction.GET_CREDENTIALS, true))
                .isTrue();
        assertThat(new AuditLevels(3, 0).records(AuditFunction.GET_CREDENTIALS, false))
                .isFalse();
    }
}
