package org.entsso.cluster.resource.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.entsso.cluster.resource.ResourceType;
import org.junit.jupiter.api.Test;

class BuiltInResourceTypesTest {
    @Test
    void createReturnsOneOfEachBuiltInTypeWithWsfcPollDefaults() {
        List<ResourceType> types = BuiltInResourceTypes.create(Map.of());

        assertThat(types)
                .extracting(ResourceType::name)
                .containsExactly(
                        "Generic Service", "Generic Application", "IP Address", "Network Name", "SQL Health Check");
        assertThat(types).allSatisfy(type -> {
            assertThat(type.looksAlivePollInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(type.isAlivePollInterval()).isEqualTo(Duration.ofSeconds(60));
            assertThat(type.requiredParameters()).isNotEmpty();
        });
    }
}
