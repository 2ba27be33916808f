package org.entsso.sso.api.internal;

import java.io.IOException;
import java.util.Objects;
import org.entsso.sso.crypto.Tickets;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.store.WindowsAccount;

/**
 * {@code POST /v1/tickets}: IssueTicket, a ticket for the caller's own account and nobody else's (anchors/entsso.md
 * §3). The body is empty or {@code {}}. The answer carries the ticket once; it is never logged. Administrators
 * redeem it under {@code /v1/applications/{app}/tickets/redeem}. Thread-safe.
 */
public final class TicketsEndpoint implements Endpoint {
    private final CredentialLookupService lookups;

    public TicketsEndpoint(CredentialLookupService lookups) {
        this.lookups = Objects.requireNonNull(lookups, "lookups");
    }

    @Override
    public void serve(ApiRequest request) throws IOException {
        if (request.segments().size() != 2) {
            throw Routes.noEndpoint(request);
        }
        request.require("POST");
        org.entsso.sso.transport.internal.JsonResponses.WipeableBuffer body = request.body();
        try {
            if (body.size() > 0) {
                if (!Json.object(body.array(), body.size()).isEmpty()) {
                    throw Json.invalid("POST /v1/tickets takes no fields: a ticket is issued for the caller only");
                }
            }
        } finally {
            body.wipe();
        }
        if (request.principal().indexOf('\\') <= 0) {
            throw Json.invalid("The caller " + request.principal() + " is not a domain account (DOMAIN\\user): only"
                    + " an account issues a ticket, for itself");
        }
        WindowsAccount caller = Accounts.parse(request.principal());
        Tickets.Issued issued = lookups.issueTicket(caller);
        request.respondJson(201, json -> {
            json.writeStartObject();
            json.writeStringField("ticket", issued.text());
            json.writeStringField("issuer", issued.principal());
            json.writeStringField("issuedAt", issued.issuedAt().toString());
            json.writeEndObject();
        });
    }
}
