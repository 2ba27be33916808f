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
 * ENTSSO tickets (anchors/entsso.md §3-4): a user issues a short-lived ticket for themselves; an application
 * administrator (an adapter) redeems it for the issuer's identity. A ticket is {version 1 | expiry epoch-ms | principal
 * UTF-8}, sealed with {@link ValueCipher} under the current master secret with its own {@link ValueBinding}, then
 * Base64 (URL-safe alphabet, no padding). A ticket cannot be forged or altered without the master secret, and it stays
 * redeemable across one rotation.
 *
 * <p>Errors are {@link SsoException}s: {@link SsoError#TICKET_EXPIRED} (ENTSSO 10790) once the lifetime is over,
 * {@link SsoError#TICKET_BAD_FORMAT} (10593) for text that is not a ticket, {@link SsoError#TICKET_NOT_VALID} (10592)
 * for a ticket that is tampered or sealed under an unknown secret, and {@link SsoError#TICKET_SENDER_MISMATCH} (10594)
 * when {@link #validateAndRedeem} is asked on behalf of someone other than its issuer. Messages never contain the
 * ticket. Principals compare case-insensitively, as Windows account names do.
 *
 * <p>Thread-safe: immutable; the cipher is thread-safe.
 */
public final class Tickets {
    /** ENTSSO's default ticket timeout. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(2);

    /** ENTSSO's largest ticket timeout, 525,600 minutes. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(525_600);

    private static final ValueBinding BINDING = ValueBinding.of("$entsso", "ticket", 0);
    private static final int VERSION = 1;

    private final ValueCipher cipher;
    private final Clock clock;
    private final Duration lifetime;

    /** Tickets sealed by {@code cipher}, living {@code lifetime} (1 ms .. {@link #MAX_LIFETIME}) by {@code clock}. */
    public Tickets(ValueCipher cipher, Clock clock, Duration lifetime) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("a ticket lifetime must be positive and at most " + MAX_LIFETIME);
        }
        this.lifetime = lifetime;
    }

    /** A new ticket for {@code principal}, expiring after the configured lifetime. */
    public String issue(String principal) {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("a ticket needs a principal");
        }
        byte[] name = principal.getBytes(StandardCharsets.UTF_8);
        long expiry = clock.instant().plus(lifetime).toEpochMilli();
        byte[] payload = new ByteWriter(9 + name.length)
                .u8(VERSION)
                .i64(expiry)
                .bytes(name)
                .toByteArray();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cipher.encrypt(payload, BINDING));
    }

    /** The principal that issued {@code ticket}, if it is genuine and unexpired. */
    public String redeem(String ticket) {
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(Objects.requireNonNull(ticket, "ticket"));
        } catch (IllegalArgumentException e) {
            throw new SsoException(SsoError.TICKET_BAD_FORMAT, "It is not Base64 text.", e);
        }
        byte[] payload;
        try {
            payload = cipher.decrypt(sealed, BINDING);
        } catch (SsoException e) {
            throw invalid("It was not issued by this SSO system, was altered, or its secret is gone.", e);
        }
        try {
            ByteReader in = new ByteReader(payload);
            int version = in.u8("version");
            if (version != VERSION) {
                throw new SsoException(SsoError.TICKET_BAD_FORMAT, "Ticket version " + version + " is not supported.");
            }
            Instant expiry = Instant.ofEpochMilli(in.i64("expiry"));
            String principal = in.utf8(in.remaining(), "principal");
            if (!clock.instant().isBefore(expiry)) {
                throw new SsoException(SsoError.TICKET_EXPIRED, "It expired at " + expiry + ".");
            }
            return principal;
        } catch (FormatException e) {
            throw new SsoException(SsoError.TICKET_BAD_FORMAT, "Its contents are malformed.", e);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    /**
     * Redeems {@code ticket} on behalf of {@code sender}, the identity of the message that carried it: the ticket's
     * issuer must be {@code sender}, otherwise {@link SsoError#TICKET_SENDER_MISMATCH}.
     */
    public String validateAndRedeem(String ticket, String sender) {
        String issuer = redeem(ticket);
        if (sender == null || !issuer.toLowerCase(Locale.ROOT).equals(sender.toLowerCase(Locale.ROOT))) {
            throw new SsoException(
                    SsoError.TICKET_SENDER_MISMATCH, "Ticket Issued By: " + issuer + ". Sender Name: " + sender + ".");
        }
        return issuer;
    }

    private static SsoException invalid(String why, Throwable cause) {
        return new SsoException(SsoError.TICKET_NOT_VALID, why, cause);
    }
}
