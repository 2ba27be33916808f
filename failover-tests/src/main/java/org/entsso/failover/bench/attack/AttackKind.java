package org.entsso.failover.bench.attack;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ways an attacker of issue 10 holds a connection open without ever completing a request, each with the bytes it
 * sends and how fast. The first two never finish the TLS handshake (so they need no certificate); the last two
 * complete it with a valid client certificate and then stall at the HTTP layer.
 */
enum AttackKind {
    /** TCP connect, the first 16 bytes of a TLS ClientHello, then silence. */
    HANDSHAKE_SILENT("hello-silent", false, false, 16),
    /** TCP connect, then a TLS ClientHello one byte a second. */
    HANDSHAKE_TRICKLE("hello-trickle", false, true, 1),
    /** A complete mutual-TLS handshake, then request headers one byte a second. */
    HEADERS_TRICKLE("headers-trickle", true, true, 1),
    /** A complete mutual-TLS handshake, a POST declaring 1000 bytes of body, 10 of them, then silence. */
    BODY_STALL("body-stall", true, false, -1);

    /** The length a stalled POST declares, and how much of it is sent. */
    static final int DECLARED_BODY = 1000;

    static final int SENT_BODY = 10;

    private final String label;
    private final boolean tls;
    private final boolean trickles;
    private final int initialBytes;

    AttackKind(String label, boolean tls, boolean trickles, int initialBytes) {
        this.label = label;
        this.tls = tls;
        this.trickles = trickles;
        this.initialBytes = initialBytes;
    }

    String label() {
        return label;
    }

    /** The kind whose {@link #label()} is {@code label}. */
    static AttackKind byLabel(String label) {
        for (AttackKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "no attack kind " + label + "; use hello-silent, hello-trickle," + " headers-trickle or body-stall");
    }

    /** Whether the attacker completes a TLS handshake (with a client certificate) before it stalls. */
    boolean tls() {
        return tls;
    }

    /** Whether the attacker sends one more byte each second after the first ones. */
    boolean trickles() {
        return trickles;
    }

    /** How many bytes of {@link #script} go out at once after the connection opens. */
    int initialBytes(byte[] script) {
        return initialBytes < 0 ? script.length : Math.min(initialBytes, script.length);
    }

    /**
     * What the attacker sends on the connection (TCP for the handshake kinds, inside TLS for the others). None of these
     * ever completes a request: the ClientHello declares 508 bytes and gets 43, the headers never reach their
     * blank line, the body stops at {@value #SENT_BODY} of {@value #DECLARED_BODY} bytes.
     *
     * @param postPath a path that admits the attacker's certificate and reads a body (so the server must wait for it)
     */
    byte[] script(String postPath) {
        return switch (this) {
            case HANDSHAKE_SILENT, HANDSHAKE_TRICKLE -> clientHelloPrefix();
            case HEADERS_TRICKLE ->
                ("GET /v1/sys/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-headers\r\n" + "X-Padding: "
                                + "p".repeat(200) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
            case BODY_STALL ->
                ("POST " + postPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + DECLARED_BODY + "\r\n\r\n" + "{\"x\":\""
                                + "a".repeat(SENT_BODY - 6))
                        .getBytes(StandardCharsets.US_ASCII);
        };
    }

    /** A TLS 1.2-framed record header and the start of a ClientHello that announces far more than it will send. */
    private static byte[] clientHelloPrefix() {
        byte[] hello = new byte[5 + 4 + 2 + 32];
        byte[] head = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        System.arraycopy(head, 0, hello, 0, head.length);
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        System.arraycopy(random, 0, hello, head.length, random.length);
        return hello;
    }
}
