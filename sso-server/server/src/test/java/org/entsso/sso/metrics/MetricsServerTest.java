package org.entsso.sso.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.entsso.sso.server.Health;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.TlsSettings;
import org.entsso.sso.transport.WorkPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plain-HTTP metrics and health endpoint on loopback, fed by an instrumented HTTPS server: meters appear and move
 * with requests, health answers without a certificate, and nothing but names and counts is exported.
 */
class MetricsServerTest {
    private static final String SECRET = "Zebra-Secret-42";

    private final TestPki pki = new TestPki();
    private final AtomicReference<Health> health =
            new AtomicReference<>(new Health(429, "standby", "an SSO server holding the secret"));
    private final HttpClient plain =
            HttpClient.newBuilder().proxy(ProxySelector.of(null)).build();
    private NodeMetrics metrics;
    private MetricsServer scrape;
    private MutualTlsServer https;

    @BeforeEach
    void start() {
        metrics = new NodeMetrics("node7");
        scrape = new MetricsServer(TestPki.LOOPBACK, 0, metrics, health::get);
        scrape.start();
        https = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, pki.mss()))
                .route("/echo", new WorkPool("fast", 2, 4), (exchange, caller) -> {
                    byte[] body = exchange.requestBody().readAllBytes();
                    exchange.send(200, body, body.length);
                })
                .instrument(metrics.registry(), "api");
        https.start();
    }

    @AfterEach
    void stop() {
        https.close();
        scrape.close();
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return plain.send(
                HttpRequest.newBuilder(scrape.endpoint().resolve(path))
                        .timeout(TestPki.DEADLINE)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whenRequestsAreServed_thenTheirMetersMoveInThePrometheusText() throws Exception {
        URI echo = https.endpoint().resolve("/echo");
        TestPki.get(pki.ssoServer("node2"), echo);
        TestPki.get(pki.ssoServer("node2"), echo);
        TestPki.get(pki.ssoServer("node2"), https.endpoint().resolve("/nowhere"));

        HttpResponse<String> scraped = get(MetricsServer.METRICS);

        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(scraped.body())
                .containsPattern("entsso_http_requests_seconds_count\\{[^}]*pool=\"fast\"[^}]*status=\"200\"[^}]*} 2")
                .containsPattern("entsso_http_requests_seconds_count\\{[^}]*pool=\"none\"[^}]*status=\"404\"[^}]*} 1")
                .containsPattern("entsso_http_pool_active\\{[^}]*pool=\"fast\"")
                .contains("node=\"node7\"")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void whenABodyCarriesASecret_thenNoMeterShowsIt() throws Exception {
        HttpClient tls = HttpClient.newBuilder()
                .sslContext(pki.ssoServer("node2").clientContext(org.entsso.sso.tls.NodeRole.MASTER_SECRET_SERVER))
                .proxy(ProxySelector.of(null))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        tls.send(
                HttpRequest.newBuilder(https.endpoint().resolve("/echo?password=" + SECRET))
                        .header("X-Password", SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + SECRET + "\"}"))
                        .timeout(TestPki.DEADLINE)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get(MetricsServer.METRICS).body()).contains("pool=\"fast\"").doesNotContain(SECRET);
    }

    @Test
    void healthAnswersItsStatusWithoutACertificate_andOtherPathsAndMethodsAreRefused() throws Exception {
        HttpResponse<String> standby = get(MetricsServer.HEALTH);
        health.set(new Health(200, "active", "the active master secret server"));
        HttpResponse<String> active = get(MetricsServer.HEALTH);
        HttpResponse<String> missing = get("/v1/sys/other");
        HttpResponse<String> posted = plain.send(
                HttpRequest.newBuilder(scrape.endpoint().resolve(MetricsServer.METRICS))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(standby.statusCode()).isEqualTo(429);
        assertThat(standby.body()).contains("\"role\":\"standby\"");
        assertThat(active.statusCode()).isEqualTo(200);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).startsWith("{\"code\":15001,");
        assertThat(posted.statusCode()).isEqualTo(405);
    }
}
