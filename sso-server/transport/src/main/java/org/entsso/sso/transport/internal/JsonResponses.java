package org.entsso.sso.transport.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.transport.Exchange;

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
    public static void error(Exchange exchange, int status, SsoError error, String detail) throws IOException {
        send(exchange, status, errorBody(error, detail));
    }

    /** The body of an error answer: {@code {"code": <id>, "message": "<sentence>"}}. */
    public static byte[] errorBody(SsoError error, String detail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("code", error.code());
            json.writeStringField("message", error.format(detail));
            json.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** An answer with this body, sent as one fixed-length response; the caller wipes {@code body} afterwards. */
    public static void send(Exchange exchange, int status, byte[] body) throws IOException {
        send(exchange, status, body, body.length);
    }

    /** As {@link #send(Exchange, int, byte[])} for the first {@code length} bytes of {@code body}. */
    public static void send(Exchange exchange, int status, byte[] body, int length) throws IOException {
        exchange.setResponseHeader("Content-Type", "application/json");
        exchange.setResponseHeader("Cache-Control", "no-store");
        exchange.send(status, body, length);
    }

    /** A status without a body, for failures after which nothing more can be said safely. */
    public static void bare(Exchange exchange, int status) {
        try {
            exchange.setResponseHeader("Cache-Control", "no-store");
            exchange.sendEmpty(status);
        } catch (IOException | IllegalStateException e) {
            // The headers were already sent or the connection is gone; closing the exchange is all that is left.
            LOG.debug("No {} sent on {}: {}", status, exchange.rawPath(), e.toString());
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
