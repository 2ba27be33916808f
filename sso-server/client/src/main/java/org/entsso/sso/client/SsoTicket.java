package org.entsso.sso.client;

import java.time.Instant;
import java.util.Objects;

/**
 * An ENTSSO ticket the caller issued for itself ({@link SsoClient#issueTicket()}): hand {@link #text()} to the
 * application that will redeem it (in a message header, for example). The text is a bearer credential until it times
 * out, so {@link #toString()} leaves it out.
 *
 * @param text the ticket, Base64 (URL-safe alphabet)
 * @param issuer the account it was issued for, {@code DOMAIN\\user}
 * @param issuedAt when the SSO server issued it; its lifetime is decided where it is redeemed
 */
public record SsoTicket(String text, String issuer, Instant issuedAt) {
    public SsoTicket {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    @Override
    public String toString() {
        return "SsoTicket[" + issuer + ", issued " + issuedAt + "]";
    }
}
