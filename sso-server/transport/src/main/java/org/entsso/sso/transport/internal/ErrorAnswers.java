package org.entsso.sso.transport.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.transport.Exchange;

/**
 * The HTTP status of each ENTSSO error (the table in sso-server/docs/api.md) and the error answer itself:
 * {@code {"code", "message"}}, with {@code Retry-After} on the retryable 503s. Stateless.
 */
public final class ErrorAnswers {
    private ErrorAnswers() {}

    /** The HTTP status {@code error} is answered with ({@link SsoError#httpStatus()}). */
    public static int status(SsoError error) {
        return error.httpStatus();
    }

    /** The {@code Retry-After} seconds of a retryable error. */
    public static Optional<Integer> retryAfterSeconds(SsoError error) {
        int seconds = error.retryAfterSeconds();
        return seconds > 0 ? Optional.of(seconds) : Optional.empty();
    }

    /** Answers with {@code failure}'s code and sentence (which never carries a secret). */
    public static void send(Exchange exchange, SsoException failure) throws IOException {
        retryAfterSeconds(failure.error()).ifPresent(s -> exchange.setResponseHeader("Retry-After", s.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("code", failure.code());
            json.writeStringField("message", failure.sentence());
            json.writeEndObject();
        }
        JsonResponses.send(exchange, status(failure.error()), out.toByteArray());
    }
}
