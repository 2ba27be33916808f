package org.entsso.sso.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLParameters;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.TlsSettings;
import org.junit.jupiter.api.Test;

/** {@code /v1/sys/health}: the Vault-like status codes (anchors/vault.md §6) and the endpoint over mutual TLS. */
class HealthTest {
    @Test
    void theActiveMasterSecretServerAnswers200() {
        assertThat(Health.evaluate(true, true, true, Availability.ONLINE).status())
                .isEqualTo(200);
        assertThat(Health.evaluate(true, true, true, Availability.DEGRADED_SERVING_FROM_CACHE)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anSsoServerHoldingTheSecretAnswers429WithAReachableMss_and474Without() {
        assertThat(Health.evaluate(false, true, true, Availability.ONLINE).status())
                .isEqualTo(429);
        Health cached = Health.evaluate(false, true, false, Availability.ONLINE);
        assertThat(cached.status()).isEqualTo(474);
        assertThat(cached.role()).isEqualTo("standby-cached");
    }

    @Test
    void noSecretOrOfflineAnswers503WhateverTheRole() {
        assertThat(Health.evaluate(false, false, true, Availability.ONLINE).status())
                .isEqualTo(503);
        assertThat(Health.evaluate(true, true, true, Availability.OFFLINE).status())
                .isEqualTo(503);
        assertThat(Health.evaluate(false, true, false, Availability.OFFLINE).reason())
                .contains("offline");
    }

    @Test
    void theEndpointAnswersOverMutualTlsWithTheCurrentHealth() throws Exception {
        ClusterCa ca = ClusterCa.create("health");
        TlsMaterial server = TlsMaterial.of(
                ca.issueNode("node1", "127.0.0.1", Set.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER)),
                ca.certificate());
        TlsMaterial client = TlsMaterial.of(ca.issueClient("CONTOSO\\monitor"), ca.certificate());
        AtomicReference<Health> now = new AtomicReference<>(Health.evaluate(false, true, true, Availability.ONLINE));
        try (MutualTlsServer http = new MutualTlsServer(new TlsSettings("127.0.0.1", 0, server))) {
            http.route(HealthHandler.PATH, new HealthHandler(now::get));
            http.start();
            URI uri = URI.create(http.endpoint() + HealthHandler.PATH);
            HttpResponse<String> first = get(client, uri);
            assertThat(first.statusCode()).isEqualTo(429);
            assertThat(first.body()).contains("\"role\":\"standby\"");
            now.set(Health.evaluate(false, true, false, Availability.ONLINE));
            assertThat(get(client, uri).statusCode()).isEqualTo(474);
        }
    }

    private static HttpResponse<String> get(TlsMaterial material, URI uri) throws Exception {
        SSLParameters tls = new SSLParameters();
        tls.setProtocols(new String[] {"TLSv1.3"});
        HttpClient http = HttpClient.newBuilder()
                .sslContext(material.clientContext(NodeRole.SSO_SERVER))
                .sslParameters(tls)
                .proxy(ProxySelector.of(null))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
