package org.entsso.sso.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.internal.ByteReader;
import org.entsso.sso.crypto.internal.ByteWriter;
import org.entsso.sso.crypto.internal.FormatException;

/**
 * ENTSSO tickets (anchors/entsso.md §3-4): a user issues a short-lived ticket for themselves; an administrator (an
 * adapter) redeems it for the issuer's identity. A ticket is {version 2 | issued-at epoch-ms | principal UTF-8}, sealed
 * under the current master secret with its own {@link ValueBinding}, then Base64 (URL-safe alphabet, no padding). A
 * ticket cannot be forged or altered without the master secret, so one issued by any SSO server redeems on every
 * other, and it stays redeemable across one rotation.
 *
 * <p>The lifetime is decided when the ticket is redeemed, not when it is issued: ENTSSO's ticket timeout is global
 * with a per-application override, and the application is known only at redemption. A ticket stamped more than
 * {@link #CLOCK_SKEW} in the future (a server with a clock ahead) is not valid.
 *
 * <p>Errors are {@link SsoException}s: {@link SsoError#TICKET_EXPIRED} (ENTSSO 10790) once the lifetime is over,
 * {@link SsoError#TICKET_BAD_FORMAT} (10593) for text that is not a ticket, {@link SsoError#TICKET_NOT_VALID} (10592)
 * for a ticket that is tampered or sealed under an unknown secret, and {@link SsoError#TICKET_SENDER_MISMATCH} (10594)
 * when {@link #validateAndRedeem} is asked on behalf of someone other than its issuer. Messages never contain the
 * ticket. Principals compare case-insensitively, as Windows account names do.
 *
 * <p>Thread-safe: immutable; the sealer must be thread-safe.
 */
public final class Tickets {
    /** ENTSSO's default ticket timeout. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(2);

    /** ENTSSO's largest ticket timeout, 525,600 minutes. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(525_600);

    /** How far ahead of this server's clock an issuing server's clock may be. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final ValueBinding BINDING = ValueBinding.of("$entsso", "ticket", 0);
    private static final int VERSION = 2;
    private static final int LONGEST_PRINCIPAL = 1024;

    private final ValueSealer sealer;
    private final Clock clock;

    /** Tickets sealed by {@code sealer}, stamped and checked by {@code clock}. */
    public Tickets(ValueSealer sealer, Clock clock) {
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new ticket: its text is a bearer credential, so {@link #toString()} leaves it out. */
    public record Issued(String text, String principal, Instant issuedAt) {
        @Override
        public String toString() {
            return "Ticket[" + principal + ", issued " + issuedAt + "]";
        }
    }

    /** What a genuine ticket says. */
    public record Redeemed(String principal, Instant issuedAt) {
        /** When the ticket stops being redeemable under {@code lifetime}. */
        public Instant expiresAt(Duration lifetime) {
            return issuedAt.plus(lifetime);
        }
    }

    /** A new ticket for {@code principal}. */
    public Issued issue(String principal) {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("a ticket needs a principal");
        }
        byte[] name = principal.getBytes(StandardCharsets.UTF_8);
        if (name.length > LONGEST_PRINCIPAL) {
            throw new IllegalArgumentException("a ticket principal is at most " + LONGEST_PRINCIPAL + " bytes");
        }
        Instant now = Instant.ofEpochMilli(clock.millis());
        byte[] payload = new ByteWriter(9 + name.length)
                .u8(VERSION)
                .i64(now.toEpochMilli())
                .bytes(name)
                .toByteArray();
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(sealer.encrypt(payload, BINDING));
        return new Issued(text, principal, now);
    }

    /**
     * The issuer of {@code ticket}, if it is genuine and younger than {@code lifetime}.
     *
     * @throws IllegalArgumentException for a lifetime outside 1 ms .. {@link #MAX_LIFETIME}
     */
    public Redeemed redeem(String ticket, Duration lifetime) {
        requireLifetime(lifetime);
        Redeemed issued = open(ticket);
        Instant now = clock.instant();
        if (issued.issuedAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw new SsoException(
                    SsoError.TICKET_NOT_VALID,
                    "It is stamped " + issued.issuedAt() + ", ahead of this server's clock (" + now
                            + "): the SSO servers' clocks must be synchronised.");
        }
        Instant expiry = issued.expiresAt(lifetime);
        if (!now.isBefore(expiry)) {
            throw new SsoException(SsoError.TICKET_EXPIRED, "It expired at " + expiry + ".");
        }
        return issued;
    }

    /**
     * Redeems {@code ticket} on behalf of {@code sender}, the identity of the message that carried it: the ticket's
     * issuer must be {@code sender}, otherwise {@link SsoError#TICKET_SENDER_MISMATCH}.
     */
    public Redeemed validateAndRedeem(String ticket, String sender, Duration lifetime) {
        Redeemed issued = redeem(ticket, lifetime);
        if (sender == null || !fold(issued.principal()).equals(fold(sender))) {
            throw new SsoException(
                    SsoError.TICKET_SENDER_MISMATCH,
                    "Ticket Redeemed By: " + issued.principal() + ". Sender Name: " + sender + ".");
        }
        return issued;
    }

    /** Refuses a lifetime outside ENTSSO's 1 .. 525,600 minutes (any positive duration here, for tests). */
    public static Duration requireLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("a ticket lifetime must be positive and at most " + MAX_LIFETIME);
        }
        return lifetime;
    }

    private Redeemed open(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > 4096) {
            throw new SsoException(SsoError.TICKET_BAD_FORMAT, "A ticket is 1 to 4096 characters of Base64 text.");
        }
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(ticket);
        } catch (IllegalArgumentException e) {
            throw new SsoException(SsoError.TICKET_BAD_FORMAT, "It is not Base64 text.", e);
        }
        byte[] payload;
        try {
            payload = sealer.decrypt(sealed, BINDING);
        } catch (SsoException e) {
            if (e.error() == SsoError.SECRET_SERVER_UNAVAILABLE) {
                throw e;
            }
            throw new SsoException(
                    SsoError.TICKET_NOT_VALID,
                    "It was not issued by this SSO system, was altered, or its secret is gone.",
                    e);
        }
        try {
            ByteReader in = new ByteReader(payload);
            int version = in.u8("version");
            if (version != VERSION) {
                throw new SsoException(SsoError.TICKET_BAD_FORMAT, "Ticket version " + version + " is not supported.");
            }
            Instant issuedAt = Instant.ofEpochMilli(in.i64("issued-at"));
            return new Redeemed(in.utf8(in.remaining(), "principal"), issuedAt);
        } catch (FormatException e) {
            throw new SsoException(SsoError.TICKET_BAD_FORMAT, "Its contents are malformed.", e);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
