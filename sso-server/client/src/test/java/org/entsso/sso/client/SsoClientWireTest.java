package org.entsso.sso.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.entsso.sso.client.ScriptedServer.Received;
import org.entsso.sso.client.ScriptedServer.Reply;
import org.entsso.sso.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each {@link SsoClient} call puts on the wire and reads back, as docs/api.md defines it. */
class SsoClientWireTest {
    private static final String CONFIG = "/v1/config/Orders App/endpoint";
    private static final String APPLICATIONS = "/v1/applications";
    private static final String ENABLE_APP = "/v1/applications/Orders App/enable";
    private static final String ENABLE_MAPPING = "/v1/applications/Orders App/mappings/CONTOSO\\bob/enable";
    private static final String STATUS = "/v1/sys/status";
    private static final String HEALTH = "/v1/sys/health";
    private static final String STATUS_DOC = "{\"node\":\"node2\",\"roles\":[\"sso-server\"],\"role\":\"sso-server\","
            + "\"availability\":\"DEGRADED_SERVING_FROM_CACHE\"}";

    private final TestPki pki = new TestPki();
    private ScriptedServer server;
    private SsoClient client;

    @BeforeEach
    void start() {
        server = new ScriptedServer(
                pki.ssoServer("node2"), CONFIG, APPLICATIONS, ENABLE_APP, ENABLE_MAPPING, STATUS, HEALTH);
        client = SsoClient.open(
                ClientConfig.builder()
                        .server(server.endpoint())
                        .requestTimeout(TestPki.DEADLINE)
                        .build(),
                pki.admin("CONTOSO\\ssoadmin"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void whenConfigInfoIsSetAndRead_thenTheBodiesAreTheApiOnes() {
        server.script(
                CONFIG,
                Reply.noContent(),
                Reply.ok("{\"application\":\"Orders App\",\"identifier\":\"endpoint\","
                        + "\"properties\":{\"url\":\"https://orders\",\"retries\":\"3\"}}"));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("url", "https://orders");
        properties.put("retries", "3");

        client.setConfigInfo("Orders App", "endpoint", properties);
        Map<String, String> read = client.getConfigInfo("Orders App", "endpoint");

        assertThat(read).containsExactly(Map.entry("url", "https://orders"), Map.entry("retries", "3"));
        List<Received> requests = server.received();
        assertThat(requests).extracting(Received::method).containsExactly("PUT", "GET");
        assertThat(requests).extracting(Received::uri).containsOnly("/v1/config/Orders%20App/endpoint");
        assertThat(requests.get(0).body()).isEqualTo("{\"properties\":{\"retries\":\"3\",\"url\":\"https://orders\"}}");
        assertThat(requests.get(0).idempotencyKey()).isNotBlank();
        assertThat(requests.get(1).idempotencyKey()).isNull();
    }

    @Test
    void whenManyReadsAreMade_thenTheClientReusesItsThreads_ratherThanStartingOnePerAnswer() {
        server.script(
                CONFIG, Reply.ok("{\"application\":\"Orders App\",\"identifier\":\"endpoint\",\"properties\":{}}"));
        client.getConfigInfo("Orders App", "endpoint"); // connections and the first threads
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount();

        for (int i = 0; i < 200; i++) {
            client.getConfigInfo("Orders App", "endpoint");
        }

        // JDK sendAsync started a thread per answer on a 2-core machine (CompletableFuture's default executor).
        assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(50);
    }

    @Test
    void whenAnApplicationAndMappingAreCreatedAndEnabled_thenEachIsOneKeyedPost() {
        server.script(APPLICATIONS, new Reply(201, "{\"name\":\"Orders App\"}"));
        server.script(ENABLE_APP, Reply.ok("{\"name\":\"Orders App\",\"enabled\":true}"));
        server.script(ENABLE_MAPPING, Reply.ok("{\"enabled\":true}"));

        client.createApplication(NewApplication.withUserIdAndPassword("Orders App", "Orders Users", "Orders Admins"));
        client.enableApplication("Orders App");
        client.enableMapping("Orders App", "CONTOSO\\bob");

        List<Received> requests = server.received();
        assertThat(requests).extracting(Received::method).containsOnly("POST");
        assertThat(requests)
                .extracting(Received::uri)
                .containsExactly(
                        "/v1/applications",
                        "/v1/applications/Orders%20App/enable",
                        "/v1/applications/Orders%20App/mappings/CONTOSO%5Cbob/enable");
        assertThat(requests.get(0).body())
                .isEqualTo("{\"name\":\"Orders App\",\"description\":\"\",\"contact\":\"\","
                        + "\"userGroups\":\"Orders Users\",\"adminGroups\":\"Orders Admins\",\"fields\":["
                        + "{\"name\":\"User Id\",\"masked\":false},{\"name\":\"Password\",\"masked\":true}]}");
        assertThat(requests)
                .extracting(Received::idempotencyKey)
                .doesNotContainNull()
                .doesNotHaveDuplicates();
        assertThat(requests).extracting(Received::caller).containsOnly("CONTOSO\\ssoadmin");
    }

    @Test
    void whenHealthIs474_thenItIsAnAnswerNotAnError() {
        server.script(HEALTH, new Reply(474, STATUS_DOC));
        server.script(STATUS, Reply.ok(STATUS_DOC));

        ServerStatus health = client.health(server.endpoint());
        ServerStatus status = client.status(server.endpoint());

        assertThat(health.httpStatus()).isEqualTo(474);
        assertThat(health.availability()).isEqualTo("DEGRADED_SERVING_FROM_CACHE");
        assertThat(status.node()).isEqualTo("node2");
        assertThat(status.role()).isEqualTo("sso-server");
        assertThat(status.endpoint()).isEqualTo(server.endpoint());
    }

    @Test
    void whenAnAnswerIsNotTheApiFormat_thenTheErrorDoesNotQuoteIt() {
        server.script(CONFIG, Reply.ok("{\"properties\": \"pa55word-in-a-broken-answer\"}"));

        assertThatThrownBy(() -> client.getConfigInfo("Orders App", "endpoint"))
                .isInstanceOfSatisfying(
                        SsoClientException.class, e -> assertThat(e.code()).isEqualTo(15000))
                .hasMessageContaining("not in the /v1 format")
                .hasMessageNotContaining("pa55word");
    }
}
