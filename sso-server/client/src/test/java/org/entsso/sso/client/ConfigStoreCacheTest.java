package org.entsso.sso.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.entsso.cluster.testing.ManualClock;
import org.entsso.sso.client.ScriptedServer.Reply;
import org.entsso.sso.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ConfigStoreCache}: served from memory until due, read again after, stale only while no server answers. */
class ConfigStoreCacheTest {
    private static final String ITEM = "/v1/config/FILE Adapter/rl-1";
    private static final String V1 =
            "{\"application\":\"FILE Adapter\",\"identifier\":\"rl-1\",\"properties\":{\"path\":\"C:\\\\in\"}}";
    private static final String V2 =
            "{\"application\":\"FILE Adapter\",\"identifier\":\"rl-1\",\"properties\":{\"path\":\"D:\\\\in\"}}";

    private final TestPki pki = new TestPki();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    private ScriptedServer server;
    private SsoClient client;
    private ConfigStoreCache cache;

    @BeforeEach
    void start() {
        server = new ScriptedServer(pki.ssoServer("node1"), ITEM);
        client = SsoClient.open(
                ClientConfig.builder()
                        .server(server.endpoint())
                        .requestTimeout(Duration.ofSeconds(2))
                        .build(),
                pki.client("CONTOSO\\bts-host"));
        cache = new ConfigStoreCache(client, Duration.ofSeconds(30), Duration.ofMinutes(10), clock);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aBagIsServedFromMemoryUntilDue_thenReadAgain_soAChangeArrives() {
        server.script(ITEM, Reply.ok(V1), Reply.ok(V2));

        assertThat(cache.get("FILE Adapter", "rl-1")).containsEntry("path", "C:\\in");
        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.get("FILE Adapter", "rl-1")).containsEntry("path", "C:\\in");
        assertThat(server.received()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("FILE Adapter", "rl-1")).containsEntry("path", "D:\\in");
        assertThat(server.received()).hasSize(2);
        cache.invalidate("FILE Adapter", "rl-1");
        cache.get("FILE Adapter", "rl-1");
        assertThat(server.received()).hasSize(3);
        assertThat(cache.toString()).doesNotContain("D:");
    }

    @Test
    void whileNoServerAnswers_theLastBagIsServedUpToMaxStale_butARefusalIsNeverHidden() {
        server.script(ITEM, Reply.ok(V1), Reply.error(404, 10757, "gone"));
        cache.get("FILE Adapter", "rl-1");
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> cache.get("FILE Adapter", "rl-1"))
                .isInstanceOfSatisfying(
                        SsoClientException.class, e -> assertThat(e.code()).isEqualTo(10757));

        server.script(ITEM, Reply.ok(V1));
        cache.get("FILE Adapter", "rl-1");
        server.close(); // no SSO server answers now
        clock.advance(Duration.ofMinutes(5));
        assertThat(cache.get("FILE Adapter", "rl-1")).containsEntry("path", "C:\\in");
        clock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(() -> cache.get("FILE Adapter", "rl-1")).isInstanceOf(SsoClientException.class);
    }
}
