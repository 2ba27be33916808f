package org.entsso.sso.transport.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.entsso.sso.transport.Exchange;

/**
 * An {@link Exchange} over a Jetty request whose body was read ahead. {@link #send} keeps a copy of the answer (the
 * caller may zero its array at once); {@link #commit} writes it after the handler returns, without blocking, and zeroes
 * the copy. Not thread-safe.
 */
final class JettyExchange implements Exchange {
    private static final byte[] NO_BYTES = new byte[0];

    private final Request request;
    private final Response response;
    private final byte[] body;
    private boolean answered;
    private byte[] answer;

    JettyExchange(Request request, Response response, byte[] body) {
        this.request = request;
        this.response = response;
        this.body = body;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String rawPath() {
        return request.getHttpURI().getPath();
    }

    @Override
    public String remoteAddress() {
        String address = Request.getRemoteAddr(request);
        return address == null ? "" : address;
    }

    @Override
    public String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    @Override
    public Optional<String> requestHeader(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    @Override
    public InputStream requestBody() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        if (answered) {
            throw new IllegalStateException("the exchange was already answered");
        }
        response.getHeaders().put(name, value);
    }

    @Override
    public void send(int status, byte[] bytes, int length) {
        answer(status);
        answer = length == 0 ? NO_BYTES : Arrays.copyOf(bytes, length);
    }

    @Override
    public void sendEmpty(int status) {
        send(status, null, 0);
    }

    private void answer(int status) {
        if (answered) {
            throw new IllegalStateException("the exchange was already answered");
        }
        answered = true;
        response.setStatus(status);
    }

    /**
     * Writes the answer without blocking, once the handler has returned (so that whatever the handler did after
     * answering, its access log line for one, happens before the client sees the answer); zeroes the copy of it when
     * written, then completes {@code done}.
     */
    void commit(Callback done) {
        int status = response.getStatus();
        if (status != 204 && status != 304) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
        }
        byte[] written = answer;
        response.write(
                true,
                written.length == 0 ? null : ByteBuffer.wrap(written),
                Callback.from(
                        () -> {
                            Arrays.fill(written, (byte) 0);
                            done.succeeded();
                        },
                        failure -> {
                            Arrays.fill(written, (byte) 0);
                            done.failed(failure);
                        }));
    }

    boolean answered() {
        return answered;
    }

    /** Zeroes the request body read ahead. */
    void wipe() {
        Arrays.fill(body, (byte) 0);
    }
}
