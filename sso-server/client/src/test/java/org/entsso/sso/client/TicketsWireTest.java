package org.entsso.sso.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.entsso.sso.client.ScriptedServer.Received;
import org.entsso.sso.client.ScriptedServer.Reply;
import org.entsso.sso.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ticket and host-initiated calls of {@link SsoClient} on the wire, as docs/api.md defines them. */
class TicketsWireTest {
    private static final String TICKETS = "/v1/tickets";
    private static final String REDEEM = "/v1/applications/SAP/tickets/redeem";
    private static final String REVERSE = "/v1/applications/SAP/reverse";
    private static final String CREDENTIALS = "{\"application\":\"SAP\",\"account\":\"CONTOSO\\\\alice\","
            + "\"externalUser\":\"ALICE01\",\"fields\":{\"1\":\"pw\"}}";

    private final TestPki pki = new TestPki();
    private ScriptedServer server;
    private SsoClient client;

    @BeforeEach
    void start() {
        server = new ScriptedServer(pki.ssoServer("node1"), TICKETS, REDEEM, REVERSE);
        client = SsoClient.open(
                ClientConfig.builder()
                        .server(server.endpoint())
                        .requestTimeout(TestPki.DEADLINE)
                        .build(),
                pki.client("CONTOSO\\alice"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aTicketIsIssuedRedeemedAndValidated_andItsTextNeverShowsInToString() {
        server.script(
                TICKETS,
                Reply.ok("{\"ticket\":\"c2VhbGVk-dGlja2V0\",\"issuer\":\"CONTOSO\\\\alice\","
                        + "\"issuedAt\":\"2026-12-01T10:00:00Z\"}"));
        server.script(REDEEM, Reply.ok(CREDENTIALS));

        SsoTicket ticket = client.issueTicket();
        try (SsoCredentials redeemed = client.redeemTicket("SAP", ticket.text());
                SsoCredentials validated = client.validateAndRedeemTicket("SAP", ticket.text(), "CONTOSO\\alice")) {
            assertThat(redeemed.externalUser()).isEqualTo("ALICE01");
            assertThat(validated.field(1)).isEqualTo("pw".toCharArray());
        }

        assertThat(ticket.issuer()).isEqualTo("CONTOSO\\alice");
        assertThat(ticket.toString()).contains("CONTOSO\\alice").doesNotContain("c2VhbGVk");
        List<Received> requests = server.received();
        assertThat(requests).extracting(Received::method).containsExactly("POST", "POST", "POST");
        assertThat(requests.get(1).body()).isEqualTo("{\"ticket\":\"c2VhbGVk-dGlja2V0\"}");
        assertThat(requests.get(2).body())
                .isEqualTo("{\"ticket\":\"c2VhbGVk-dGlja2V0\",\"sender\":\"CONTOSO\\\\alice\"}");
    }

    @Test
    void aReverseLookupSendsThePasswordOnlyInTheBody() {
        server.script(
                REVERSE,
                Reply.ok("{\"application\":\"SAP\",\"externalUser\":\"ALICE01\","
                        + "\"account\":\"CONTOSO\\\\alice\"}"));
        char[] password = "ext-pw".toCharArray();

        assertThat(client.lookupAccount("SAP", "ALICE01", password)).isEqualTo("CONTOSO\\alice");
        assertThat(client.lookupAccount("SAP", "ALICE01", null)).isEqualTo("CONTOSO\\alice");

        assertThat(password).as("the caller's array is left to the caller").isEqualTo("ext-pw".toCharArray());
        List<Received> requests = server.received();
        assertThat(requests.get(0).uri()).isEqualTo(REVERSE);
        assertThat(requests.get(0).body()).isEqualTo("{\"externalUser\":\"ALICE01\",\"password\":\"ext-pw\"}");
        assertThat(requests.get(1).body()).isEqualTo("{\"externalUser\":\"ALICE01\"}");
    }
}
