package org.entsso.sso.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names and ordinals that used to get through, found by probing the API as a user would (issue 9 item 11): every one
 * is now a 400 with ENTSSO 15000 and a sentence, over real mutual TLS against a real H2 store.
 */
class SsoApiBadNamesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static ApiFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ApiFixture(dir);
        HttpResponse<String> created = createApplication("Names");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        fixture.as(ApiFixture.ADMIN).post("/v1/applications/Names/enable", "");
        fixture.as(ApiFixture.ALICE)
                .post(
                        "/v1/applications/Names/mappings",
                        "{\"account\": \"CONTOSO\\\\alice\", \"externalUser\": \"A\"}");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static HttpResponse<String> createApplication(String jsonName) throws Exception {
        return fixture.as(ApiFixture.ADMIN)
                .post(
                        "/v1/applications",
                        "{\"name\": \"" + jsonName + "\", \"userGroups\": [\"CONTOSO\\\\\\\\Payroll Users\"],"
                                + " \"adminGroups\": \"CONTOSO\\\\\\\\Payroll Admins\", \"fields\": [{\"name\": \"Pw\"}]}");
    }

    private static void assertRefused(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(15000);
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain("Exception");
    }

    @Test
    void whenAnApplicationNameOutgrowsItsColumnOnceUpperCased_thenTheAnswerIs400_10500_notAnEmpty500()
            throws Exception {
        assertRefused(createApplication("ß".repeat(131))); // UPPER: 262 x S
        assertRefused(createApplication("ﬃ".repeat(100))); // UPPER: 300 characters
        assertThat(createApplication("ß".repeat(130)).statusCode()).isEqualTo(201); // exactly 260 once upper-cased
    }

    @Test
    void whenAnApplicationNameHoldsALoneSurrogate_thenItIsRefused_forItCouldNeverBeAddressedByUrl() throws Exception {
        assertRefused(createApplication("Lone\\ud800Surrogate"));
        assertRefused(createApplication("Lone\\udc00"));
        assertThat(createApplication("Paired\\ud83d\\ude00").statusCode()).isEqualTo(201); // a real emoji is fine
    }

    @Test
    void whenANameHoldsAControlCharacter_thenItIsRefused_soItCannotForgeLogLines() throws Exception {
        assertRefused(createApplication("Nul\\u0000Name"));
        assertRefused(createApplication("Del\\u007fName"));
        for (String account :
                new String[] {"CONTOSO\\\\\\\\a\\rb", "CONTOSO\\\\\\\\a\\nINFO forged", "CONTOSO\\\\\\\\a\\u0000"}) {
            assertRefused(fixture.as(ApiFixture.ADMIN)
                    .post(
                            "/v1/applications/Names/mappings",
                            "{\"account\": \"" + account + "\", \"externalUser\": \"X\"}"));
        }
    }

    @Test
    void whenOneOrdinalIsGivenTwiceInDifferentSpellings_thenTheWriteIsRefused() throws Exception {
        HttpResponse<String> response = fixture.as(ApiFixture.ALICE)
                .put(
                        "/v1/applications/Names/mappings/CONTOSO%5Calice/credentials",
                        "{\"fields\": {\"01\": \"first\", \"1\": \"second\"}}", Map.of());
        assertRefused(response);
        assertThat(response.body())
                .contains("more than once")
                .doesNotContain("first")
                .doesNotContain("second");
    }
}
