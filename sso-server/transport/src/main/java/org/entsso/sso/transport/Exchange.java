package org.entsso.sso.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * One request to a {@link MutualTlsServer} and its one answer, as a {@link CallerHandler} sees them. The server has
 * already read the whole body (within {@link TlsSettings#maxRequestBytes()}) before the handler runs, so a handler
 * never waits on a slow client; it zeroes that copy once the handler returns.
 *
 * <p>Answer exactly once, with {@link #send} or {@link #sendEmpty}; response headers set before that go with it. A
 * handler that returns without answering gets a bare 500. Not thread-safe: used by the one thread that runs the
 * handler.
 */
public interface Exchange {
    /** The request method, e.g. {@code GET}. */
    String method();

    /** The request path as sent, still percent-encoded. */
    String rawPath();

    /** The query as sent (percent-encoded, without {@code ?}), or null without one. */
    String rawQuery();

    /** The client's IP address as the connection shows it (no name lookup), or empty when unknown. */
    default String remoteAddress() {
        return "";
    }

    /** The first value of a request header (names in any case). */
    Optional<String> requestHeader(String name);

    /** The request body: empty when there is none. The bytes are zeroed after the handler returns. */
    InputStream requestBody();

    /** Sets a response header (replacing an earlier value); only before the answer. */
    void setResponseHeader(String name, String value);

    /**
     * Answers with {@code status} and the first {@code length} bytes of {@code body}. The server copies them and writes
     * the answer once the handler returns (zeroing its copy after), so the caller may zero {@code body} at once.
     *
     * @throws IOException when the answer cannot be taken
     * @throws IllegalStateException when the exchange was already answered
     */
    void send(int status, byte[] body, int length) throws IOException;

    /** Answers with {@code status} and no body; see {@link #send}. */
    void sendEmpty(int status) throws IOException;
}
