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

    private static final Duration LIFE = Tickets.DEFAULT_LIFETIME;

    private final MutableClock clock = new MutableClock(NOW);
    private final Keyring keyring = Keyring.generate();
    private final Tickets tickets = new Tickets(new ValueCipher(keyring), clock);

    @AfterEach
    void closeKeyring() {
        keyring.close();
    }

    @Test
    void anIssuedTicketRedeemsToItsIssuer() {
        String ticket = tickets.issue("CONTOSO\\alice").text();
        assertThat(Base64.getUrlDecoder().decode(ticket)).isNotEmpty();
        assertThat(tickets.issue("CONTOSO\\alice").toString()).doesNotContain(ticket.substring(0, 8));
        assertThat(tickets.redeem(ticket, LIFE).principal()).isEqualTo("CONTOSO\\alice");
        assertThat(tickets.validateAndRedeem(ticket, "contoso\\ALICE", LIFE).principal())
                .isEqualTo("CONTOSO\\alice");
    }

    @Test
    void aTicketPresentedForSomeoneElseGives10594() {
        String ticket = tickets.issue("CONTOSO\\alice").text();
        assertThatThrownBy(() -> tickets.validateAndRedeem(ticket, "CONTOSO\\mallory", LIFE))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.code()).isEqualTo(10594))
                .hasMessageContaining("CONTOSO\\mallory")
                .message()
                .doesNotContain(ticket);
    }

    @Test
    void aTicketIsRefusedOnceItsLifetimeIsOver() {
        String ticket = tickets.issue("alice").text();
        clock.advance(Tickets.DEFAULT_LIFETIME.minusMillis(1));
        assertThat(tickets.redeem(ticket, LIFE).principal()).isEqualTo("alice");
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> tickets.redeem(ticket, LIFE))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.TICKET_EXPIRED));
        assertThatThrownBy(() -> tickets.validateAndRedeem(ticket, "alice", LIFE))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.TICKET_EXPIRED));
    }

    @Test
    void aTicketFromAnotherSsoSystemIsInvalid() {
        try (Keyring other = Keyring.generate()) {
            String foreign =
                    new Tickets(new ValueCipher(other), clock).issue("alice").text();
            assertThatThrownBy(() -> tickets.redeem(foreign, LIFE))
                    .isInstanceOfSatisfying(
                            SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.TICKET_NOT_VALID));
        }
    }

    @Test
    void aTamperedOrGarbledTicketIsInvalid() {
        String ticket = tickets.issue("alice").text();
        char[] chars = ticket.toCharArray();
        chars[chars.length - 3] = chars[chars.length - 3] == 'A' ? 'B' : 'A';
        for (String bad : new String[] {new String(chars), "not base64 !!", "", "AAAA"}) {
            assertThatThrownBy(() -> tickets.redeem(bad, LIFE))
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
        assertThatThrownBy(() -> tickets.redeem(disguised, LIFE))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.TICKET_NOT_VALID));
    }

    @Test
    void ticketsStayRedeemableAcrossOneRotation() {
        String ticket = tickets.issue("alice").text();
        try (Keyring rotated = keyring.rotate()) {
            assertThat(new Tickets(new ValueCipher(rotated), clock)
                            .redeem(ticket, LIFE)
                            .principal())
                    .isEqualTo("alice");
        }
    }

    @Test
    void lifetimesOutsideEntssoRangeAreRefused() {
        String ticket = tickets.issue("alice").text();
        assertThatThrownBy(() -> tickets.redeem(ticket, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tickets.redeem(ticket, Tickets.MAX_LIFETIME.plusMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLifetimeIsTheRedeemersChoice() {
        String ticket = tickets.issue("alice").text();
        clock.advance(Duration.ofMinutes(10));
        assertThat(tickets.redeem(ticket, Duration.ofMinutes(30)).issuedAt()).isEqualTo(NOW);
        assertThatThrownBy(() -> tickets.redeem(ticket, LIFE))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.TICKET_EXPIRED));
    }

    @Test
    void aTicketFromAServerWhoseClockRunsFarAheadIsInvalid() {
        MutableClock ahead = new MutableClock(NOW.plus(Tickets.CLOCK_SKEW).plusSeconds(1));
        String ticket =
                new Tickets(new ValueCipher(keyring), ahead).issue("alice").text();
        assertThatThrownBy(() -> tickets.redeem(ticket, LIFE))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.TICKET_NOT_VALID))
                .hasMessageContaining("clocks");
        MutableClock slightlyAhead = new MutableClock(NOW.plusSeconds(30));
        String near = new Tickets(new ValueCipher(keyring), slightlyAhead)
                .issue("alice")
                .text();
        assertThat(tickets.redeem(near, LIFE).principal()).isEqualTo("alice");
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
