package org.entsso.sso.transport.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;

/**
 * Writes JSON answers. Error bodies are {@code {"code": <ENTSSO id>, "message": "<sentence>"}}: no stack trace, no
 * exception text, nothing secret (DESIGN.md decisions 10 and 12). Every answer carries {@code Cache-Control: no-store}
 * because the bodies are either secret or about to change. Stateless.
 */
public final class JsonResponses {
    private static final Logger LOG = LogManager.getLogger(JsonResponses.class);
    /** Jackson's factory is thread-safe once configured. */
    public static final JsonFactory JSON = new JsonFactory();

    private JsonResponses() {}

    /** An ENTSSO-style error answer. */
    public static void error(HttpExchange exchange, int status, SsoError error, String detail) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("code", error.code());
            json.writeStringField("message", error.format(detail));
            json.writeEndObject();
        }
        send(exchange, status, out.toByteArray());
    }

    /** An answer with this body, sent as one fixed-length response; the caller wipes {@code body} afterwards. */
    public static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        send(exchange, status, body, body.length);
    }

    /** As {@link #send(HttpExchange, int, byte[])} for the first {@code length} bytes of {@code body}. */
    public static void send(HttpExchange exchange, int status, byte[] body, int length) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length > 0) {
            exchange.getResponseBody().write(body, 0, length);
        }
    }

    /** A status without a body, for failures after which nothing more can be said safely. */
    public static void bare(HttpExchange exchange, int status) {
        try {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException e) {
            // The headers were already sent or the connection is gone; closing the exchange is all that is left.
            LOG.debug("No {} sent on {}: {}", status, exchange.getRequestURI().getRawPath(), e.toString());
        }
    }

    /** A byte buffer whose contents can be zeroed, for bodies that carry keys. */
    public static final class WipeableBuffer extends ByteArrayOutputStream {
        public WipeableBuffer(int size) {
            super(size);
        }

        /** The internal array (valid up to {@link #size()}), to send without another copy. */
        public byte[] array() {
            return buf;
        }

        /** Zeroes every byte written so far. */
        public void wipe() {
            Arrays.fill(buf, (byte) 0);
            count = 0;
        }
    }
}
