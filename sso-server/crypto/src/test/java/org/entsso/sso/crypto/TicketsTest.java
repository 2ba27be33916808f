package org.entsso.sso.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TicketsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final Keyring keyring = Keyring.generate();
    private final Tickets tickets = new Tickets(new ValueCipher(keyring), clock, Tickets.DEFAULT_LIFETIME);

    @AfterEach
    void closeKeyring() {
        keyring.close();
    }

    @Test
    void anIssuedTicketRedeemsToItsIssuer() {
        String ticket = tickets.issue("CONTOSO\\alice");
        assertThat(Base64.getUrlDecoder().decode(ticket)).isNotEmpty();
        assertThat(tickets.redeem(ticket)).isEqualTo("CONTOSO\\alice");
        assertThat(tickets.validateAndRedeem(ticket, "contoso\\ALICE")).isEqualTo("CONTOSO\\alice");
    }

    @Test
    void aTicketPresentedForSomeoneElseGives10594() {
        String ticket = tickets.issue("CONTOSO\\alice");
        assertThatThrownBy(() -> tickets.validateAndRedeem(ticket, "CONTOSO\\mallory"))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.code()).isEqualTo(10594))
                .hasMessageContaining("CONTOSO\\mallory")
                .message()
                .doesNotContain(ticket);
    }

    @Test
    void aTicketIsRefusedOnceItsLifetimeIsOver() {
        String ticket = tickets.issue("alice");
        clock.advance(Tickets.DEFAULT_LIFETIME.minusMillis(1));
        assertThat(tickets.redeem(ticket)).isEqualTo("alice");
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> tickets.redeem(ticket))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.TICKET_EXPIRED));
        assertThatThrownBy(() -> tickets.validateAndRedeem(ticket, "alice"))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.TICKET_EXPIRED));
    }

    @Test
    void aTicketFromAnotherSsoSystemIsInvalid() {
        try (Keyring other = Keyring.generate()) {
            String foreign = new Tickets(new ValueCipher(other), clock, Tickets.DEFAULT_LIFETIME).issue("alice");
            assertThatThrownBy(() -> tickets.redeem(foreign))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.TICKET_NOT_VALID));
        }
    }

    @Test
    void aTamperedOrGarbledTicketIsInvalid() {
        String ticket = tickets.issue("alice");
        char[] chars = ticket.toCharArray();
        chars[chars.length - 3] = chars[chars.length - 3] == 'A' ? 'B' : 'A';
        for (String bad : new String[] {new String(chars), "not base64 !!", "", "AAAA"}) {
            assertThatThrownBy(() -> tickets.redeem(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            SsoException.class,
                            e -> assertThat(e.error()).isIn(SsoError.TICKET_NOT_VALID, SsoError.TICKET_BAD_FORMAT));
        }
    }

    @Test
    void aValueCiphertextCannotBePassedOffAsATicket() {
        byte[] value = new ValueCipher(keyring)
                .encrypt(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 'x'}, ValueBinding.of("app", "id", 0));
        String disguised = Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        assertThatThrownBy(() -> tickets.redeem(disguised))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.TICKET_NOT_VALID));
    }

    @Test
    void ticketsStayRedeemableAcrossOneRotation() {
        String ticket = tickets.issue("alice");
        try (Keyring rotated = keyring.rotate()) {
            assertThat(new Tickets(new ValueCipher(rotated), clock, Tickets.DEFAULT_LIFETIME).redeem(ticket))
                    .isEqualTo("alice");
        }
    }

    @Test
    void lifetimesOutsideEntssoRangeAreRefused() {
        ValueCipher cipher = new ValueCipher(keyring);
        assertThatThrownBy(() -> new Tickets(cipher, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tickets(cipher, clock, Tickets.MAX_LIFETIME.plusMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
