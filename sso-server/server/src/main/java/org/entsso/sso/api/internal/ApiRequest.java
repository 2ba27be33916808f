package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.entsso.sso.SsoException;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.transport.Exchange;
import org.entsso.sso.transport.internal.JsonResponses;
import org.entsso.sso.transport.internal.JsonResponses.WipeableBuffer;

/**
 * One API request as the endpoints see it: the caller from its certificate, the decoded path segments and query, the
 * request id, a size-limited body, and the status once answered (for the access log). Not thread-safe: it lives on
 * the worker thread that serves the exchange.
 */
public final class ApiRequest {
    /** The largest request body accepted; more is INVALID_ARGUMENT (400). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** How much of an oversized body is read and dropped before the 400. */
    private static final long MAX_DRAINED_BYTES = 1024 * 1024;

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Exchange exchange;
    private final CertificateIdentity caller;
    private List<String> segments;
    private Map<String, String> query;
    private UUID requestId;
    private int status;
    private AnswerListener listener = (request, status, code) -> {};
    private org.entsso.sso.audit.AuditFunction auditAs;

    /** Told of every answer just before it is sent, with the ENTSSO code (0 for success); it may refuse it. */
    @FunctionalInterface
    public interface AnswerListener {
        /** @throws SsoException to answer with that error instead */
        void beforeAnswer(ApiRequest request, int status, int code);
    }

    /** Sets the listener {@link #respond}, {@link #respondEmpty} and the error answers call first. */
    void listen(AnswerListener listener) {
        this.listener = listener;
    }

    /** Names the audited function when the path alone does not tell it (validate-and-redeem). */
    public void auditAs(org.entsso.sso.audit.AuditFunction function) {
        this.auditAs = function;
    }

    /** The function {@link #auditAs} named, if any. */
    public java.util.Optional<org.entsso.sso.audit.AuditFunction> auditFunction() {
        return java.util.Optional.ofNullable(auditAs);
    }

    /** The segments, or empty when the path could not be parsed. */
    List<String> segmentsOrEmpty() {
        return segments == null ? List.of() : segments;
    }

    /** The client's IP address. */
    public String remoteAddress() {
        return exchange.remoteAddress();
    }

    /** A request whose id is {@code fallbackRequestId} until {@link #parse()} reads its Idempotency-Key. */
    public ApiRequest(Exchange exchange, CertificateIdentity caller, UUID fallbackRequestId) {
        this.exchange = exchange;
        this.caller = caller;
        this.requestId = fallbackRequestId;
    }

    /**
     * Reads the request id, path segments and query; called before any other accessor.
     *
     * @throws SsoException INVALID_ARGUMENT for a bad Idempotency-Key or percent-encoding
     */
    public void parse() {
        requestId = requestIdOf(exchange, requestId);
        segments = PathSegments.of(exchange.rawPath());
        query = PathSegments.query(exchange.rawQuery());
    }

    Exchange exchange() {
        return exchange;
    }

    private static UUID requestIdOf(Exchange exchange, UUID fallback) {
        String key = exchange.requestHeader(IDEMPOTENCY_KEY).orElse(null);
        if (key == null) {
            return fallback;
        }
        try {
            UUID parsed = UUID.fromString(key.strip());
            if (!parsed.toString().equalsIgnoreCase(key.strip())) {
                throw new IllegalArgumentException("not canonical");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw Json.invalid("The Idempotency-Key header must be a UUID");
        }
    }

    /** The principal of the caller's certificate. */
    public String principal() {
        return caller.principal();
    }

    /** The HTTP method. */
    public String method() {
        return exchange.method();
    }

    /** The decoded path segments, {@code v1} first. */
    public List<String> segments() {
        return segments;
    }

    /** The decoded query parameters. */
    public Map<String, String> query() {
        return query;
    }

    /** The Idempotency-Key of the request, or the id the server made up for it. */
    public UUID requestId() {
        return requestId;
    }

    /** The raw path, for messages and the access log. */
    public String path() {
        return exchange.rawPath();
    }

    /** Throws {@link MethodNotAllowed} unless the request's method is {@code expected}. */
    public void require(String expected) {
        if (!expected.equals(method())) {
            throw new MethodNotAllowed(expected);
        }
    }

    /**
     * Reads the whole body, at most {@link #MAX_BODY_BYTES}; the caller wipes the buffer when done with it.
     *
     * @throws org.entsso.sso.SsoException INVALID_ARGUMENT for a larger body
     */
    public WipeableBuffer body() throws IOException {
        return body(MAX_BODY_BYTES);
    }

    /** The largest body a batch request ({@link #body(int)}) may carry. */
    public static final int MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024;

    /** As {@link #body()}, up to {@code limit} bytes (at most {@link #MAX_BATCH_BODY_BYTES}): for batch requests. */
    public WipeableBuffer body(int limit) throws IOException {
        int max = Math.min(limit, MAX_BATCH_BODY_BYTES);
        long declared = parseLength(exchange.requestHeader("Content-Length").orElse(null));
        byte[] chunk = new byte[8192];
        // Sized once (declared length, else the limit): a growing buffer would leave unzeroed copies of the body
        // behind.
        WipeableBuffer buffer = new WipeableBuffer((int) Math.min(declared > 0 ? declared : max, max));
        try (InputStream in = exchange.requestBody()) {
            if (declared > max) {
                drain(in, chunk);
                throw tooLarge(max);
            }
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                if (buffer.size() + n > max) {
                    buffer.wipe();
                    drain(in, chunk);
                    throw tooLarge(max);
                }
                buffer.write(chunk, 0, n);
            }
        } finally {
            Arrays.fill(chunk, (byte) 0);
        }
        return buffer;
    }

    /**
     * Reads and drops what is left of an oversized body, up to {@link #MAX_DRAINED_BYTES}, so the client reads our 400
     * instead of a connection reset; a larger body is cut off with the connection.
     */
    private static void drain(InputStream in, byte[] scratch) throws IOException {
        long drained = 0;
        for (int n = in.read(scratch); n >= 0 && drained < MAX_DRAINED_BYTES; n = in.read(scratch)) {
            drained += n;
        }
    }

    private static long parseLength(String declared) {
        if (declared == null) {
            return 0;
        }
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return declared.strip().chars().allMatch(Character::isDigit) ? Long.MAX_VALUE : 0;
        }
    }

    private static SsoException tooLarge(int max) {
        return new BodyTooLarge("The request body is larger than " + max + " bytes");
    }

    /** A body over the endpoint's limit: 413, as the transport answers a body over the route's. */
    static final class BodyTooLarge extends SsoException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge(String sentence) {
            super(org.entsso.sso.SsoError.INVALID_ARGUMENT, sentence);
        }
    }

    /** Answers with the first {@code length} bytes of {@code body} (JSON); the caller wipes the array. */
    public void respond(int status, byte[] body, int length) throws IOException {
        respond(status, body, length, 0);
    }

    private void respond(int status, byte[] body, int length, int code) throws IOException {
        listener.beforeAnswer(this, status, code);
        exchange.setResponseHeader("X-Request-Id", requestId.toString());
        JsonResponses.send(exchange, status, body, length);
        this.status = status;
    }

    /** Writes a JSON body. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(JsonGenerator json) throws IOException;
    }

    /** Answers with the JSON {@code writer} writes; the buffer is zeroed afterwards, as the body may be secret. */
    public void respondJson(int status, BodyWriter writer) throws IOException {
        WipeableBuffer out = new WipeableBuffer(4096);
        try {
            try (JsonGenerator json = Json.generator(out)) {
                writer.write(json);
            }
            respond(status, out.array(), out.size());
        } finally {
            out.wipe();
        }
    }

    /** Answers with no body. */
    public void respondEmpty(int status) throws IOException {
        listener.beforeAnswer(this, status, 0);
        exchange.setResponseHeader("X-Request-Id", requestId.toString());
        exchange.setResponseHeader("Cache-Control", "no-store");
        exchange.sendEmpty(status);
        this.status = status;
    }

    /** Answers {@code error} as {@code {"code", "message"}}, with its status and retry hint from {@link ErrorStatus}. */
    public void respondError(SsoException error) throws IOException {
        ErrorStatus mapped = ErrorStatus.of(error.error());
        mapped.retryAfterSeconds()
                .ifPresent(seconds -> exchange.setResponseHeader("Retry-After", String.valueOf(seconds)));
        WipeableBuffer out = new WipeableBuffer(256);
        try (JsonGenerator json = Json.generator(out)) {
            json.writeStartObject();
            json.writeNumberField("code", error.code());
            json.writeStringField("message", messageOf(error));
            json.writeEndObject();
        }
        respond(error instanceof BodyTooLarge ? 413 : mapped.status(), out.array(), out.size(), error.code());
    }

    /** The exception's sentence without the {@code [code] } prefix SsoException adds for logs. */
    private static String messageOf(SsoException error) {
        String message = error.getMessage();
        String prefix = "[" + error.code() + "] ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Answers 405 with {@code Allow}. */
    public void respondMethodNotAllowed(String allow) throws IOException {
        exchange.setResponseHeader("Allow", allow);
        SsoException error = Json.invalid("The method " + method() + " is not allowed on " + path() + "; use " + allow);
        WipeableBuffer out = new WipeableBuffer(256);
        try (JsonGenerator json = Json.generator(out)) {
            json.writeStartObject();
            json.writeNumberField("code", error.code());
            json.writeStringField("message", messageOf(error));
            json.writeEndObject();
        }
        respond(405, out.array(), out.size(), error.code());
    }

    /** The status answered, or 0 before. */
    public int status() {
        return status;
    }

    /** Whether the request is a HEAD. */
    public boolean isHead() {
        return "HEAD".equals(method());
    }
}
