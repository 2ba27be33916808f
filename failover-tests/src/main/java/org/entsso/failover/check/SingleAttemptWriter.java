package org.entsso.failover.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.entsso.failover.check.WriteHistory.Outcome;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;

/**
 * One {@code PUT /v1/config/{app}/{identifier}} (SetConfigInfo, an encrypting write) to one SSO server (docs/api.md), with a request
 * id of its own and no retry: where the client library would retry a 15004 until it is applied elsewhere, this writer
 * keeps the refusal, so the check can see that a fenced write was really not applied. Thread-safe.
 */
final class SingleAttemptWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FENCED = 15004;
    private static final int GOING_OFFLINE = 10590;

    /** The outcome and, unless acknowledged, the status, code and text of the answer or the transport failure. */
    record Result(Outcome outcome, String detail) {}

    private final HttpClient http;
    private final Duration timeout;

    SingleAttemptWriter(TlsMaterial material, Duration timeout) {
        this.http = material.httpClient(NodeRole.SSO_SERVER, timeout);
        this.timeout = timeout;
    }

    Result write(URI server, String application, String identifier, String property, String value) {
        String path = "/v1/config/" + segment(application) + "/" + segment(identifier);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("properties", Map.of(property, value)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            // The TCP connection was refused (the server's process is down): nothing was sent.
            return new Result(Outcome.REFUSED, server + ": connection refused");
        } catch (IOException e) {
            return new Result(
                    Outcome.INDETERMINATE, server + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.INDETERMINATE, server + ": interrupted");
        }
        if (response.statusCode() == 204) {
            return new Result(Outcome.ACKNOWLEDGED, "");
        }
        int code = code(response.body());
        String detail = server + ": " + response.statusCode() + " " + code + " " + message(response.body());
        Outcome outcome =
                code == FENCED ? Outcome.FENCED : code == GOING_OFFLINE ? Outcome.REFUSED : Outcome.INDETERMINATE;
        return new Result(outcome, detail);
    }

    private static int code(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json.path("code").asInt(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String message(String body) {
        try {
            return JSON.readTree(body).path("message").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** One path segment: the check's names are letters, digits, '-' and one backslash. */
    private static String segment(String name) {
        return name.replace("\\", "%5C");
    }
}
