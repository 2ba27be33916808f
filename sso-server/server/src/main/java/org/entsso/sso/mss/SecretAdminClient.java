package org.entsso.sso.mss;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.internal.JsonResponses;

/**
 * An administrator's client for the master secret server's secret endpoints (sso-server/docs/api.md), on which
 * {@code ssoconfig -generatesecret|-backupsecret|-restoresecret} are built. It presents an admin certificate over
 * mutual TLS 1.3 and accepts only a server whose certificate carries the role {@code master-secret-server} and matches
 * the host dialled. Dial the published endpoint of the network name ({@code ClusterAdmin.resolveName}).
 *
 * <p>Errors are {@link SsoException}s with the server's ENTSSO code (11042 not an SSO administrator, 10815 incorrect
 * master secret, 10564 bad backup format, 15000 bad argument, 10814 re-encryption in progress, ...); an unreachable or
 * misbehaving server is {@link SsoError#SECRET_SERVER_UNAVAILABLE} (10532). Passwords are sent inside TLS only and
 * cleared before each method returns.
 *
 * <p>Thread-safe; {@link #close()} makes further calls throw {@link IllegalStateException}.
 */
public final class SecretAdminClient implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final HttpClient http;
    private final URI endpoint;
    private final Duration readTimeout;
    private volatile boolean closed;

    /**
     * A client for the master secret server at {@code mssEndpoint} ({@code https://host:port}).
     *
     * @param adminTls an admin certificate issued by the cluster CA
     * @param connectTimeout limit on establishing the connection (positive)
     * @param readTimeout limit from sending a request to its answer (positive; generate and backup run Argon2id)
     */
    public SecretAdminClient(TlsMaterial adminTls, URI mssEndpoint, Duration connectTimeout, Duration readTimeout) {
        Objects.requireNonNull(adminTls, "adminTls");
        this.endpoint = Objects.requireNonNull(mssEndpoint, "mssEndpoint");
        if (!"https".equalsIgnoreCase(mssEndpoint.getScheme()) || mssEndpoint.getHost() == null) {
            throw new IllegalArgumentException(
                    "a master secret server endpoint is https://host:port, not " + mssEndpoint);
        }
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("the connect and read timeouts must be positive");
        }
        this.http = adminTls.httpClient(NodeRole.MASTER_SECRET_SERVER, connectTimeout);
        this.readTimeout = readTimeout;
    }

    /** The secret status: MSIDs, last backup, the 10589 warning, re-encryption progress, epoch. */
    public SecretStatus status() {
        JsonNode body = call("GET", SecretEndpoints.STATUS, null);
        JsonNode reencryption = body.path("reencryption");
        return new SecretStatus(
                UUID.fromString(body.path("currentMsid").asText()),
                Instant.parse(body.path("currentCreated").asText()),
                text(body, "previousMsid").map(UUID::fromString),
                text(body, "lastBackup").map(Instant::parse),
                body.path("backupWarning").isObject()
                        ? Optional.of(body.path("backupWarning").path("message").asText())
                        : Optional.empty(),
                reencryption.path("state").asText(),
                text(reencryption, "sourceMsid").map(UUID::fromString),
                reencryption.path("remaining").asLong(),
                body.path("epoch").asLong());
    }

    /**
     * Generates a new current secret; returns its backup file sealed under {@code password} (at least 12
     * characters), to be saved by the caller. Re-encryption starts on the server. Clears {@code password}.
     */
    public SecretBackup generate(char[] password, String reminder) {
        return backupAnswer(call("POST", SecretEndpoints.GENERATE, request(password, reminder, null)));
    }

    /** The current secret's backup file sealed under {@code password}; records the backup. Clears {@code password}. */
    public SecretBackup backup(char[] password, String reminder) {
        return backupAnswer(call("POST", SecretEndpoints.BACKUP, request(password, reminder, null)));
    }

    /** Installs a backup file's secret on the master secret server; returns its current MSID. Clears {@code password}. */
    public UUID restore(byte[] backup, char[] password) {
        Objects.requireNonNull(backup, "backup");
        return UUID.fromString(call("POST", SecretEndpoints.RESTORE, request(password, null, backup))
                .path("msid")
                .asText());
    }

    private static byte[] request(char[] password, String reminder, byte[] backup) {
        Objects.requireNonNull(password, "password");
        JsonResponses.WipeableBuffer out = new JsonResponses.WipeableBuffer(512);
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeFieldName("password");
            json.writeString(password, 0, password.length);
            if (reminder != null) {
                json.writeStringField("reminder", reminder);
            }
            if (backup != null) {
                json.writeStringField("backup", Base64.getEncoder().encodeToString(backup));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("could not write a request body", e);
        } finally {
            Arrays.fill(password, '\0');
        }
        byte[] body = Arrays.copyOf(out.array(), out.size());
        out.wipe();
        return body;
    }

    private JsonNode call(String method, String path, byte[] body) {
        if (closed) {
            throw new IllegalStateException("the secret admin client is closed");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(readTimeout)
                .header("Accept", "application/json");
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new SsoException(
                    SsoError.SECRET_SERVER_UNAVAILABLE,
                    endpoint + " (" + e.getClass().getSimpleName() + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SsoException(SsoError.SECRET_SERVER_UNAVAILABLE, endpoint + " (interrupted)", e);
        } finally {
            if (body != null) {
                Arrays.fill(body, (byte) 0);
            }
        }
    }

    private JsonNode answer(int status, byte[] body) throws IOException {
        if (body.length > MAX_BODY_BYTES) {
            throw new SsoException(SsoError.SECRET_SERVER_UNAVAILABLE, endpoint + " (its answer is too large)");
        }
        JsonNode json = body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
        if (status == 200) {
            return json;
        }
        Optional<SsoError> error =
                json.path("code").isInt() ? SsoError.fromCode(json.path("code").asInt()) : Optional.empty();
        if (error.isEmpty()) {
            throw new SsoException(SsoError.SECRET_SERVER_UNAVAILABLE, endpoint + " (it answered HTTP " + status + ")");
        }
        String message = json.path("message").asText("");
        String template = error.get().format("");
        String detail = message.startsWith(template)
                ? message.substring(template.length()).strip()
                : message;
        throw new SsoException(error.get(), detail);
    }

    private static SecretBackup backupAnswer(JsonNode body) {
        return new SecretBackup(
                UUID.fromString(body.path("msid").asText()),
                Base64.getDecoder().decode(body.path("backup").asText()));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** Refuses further calls. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "SecretAdminClient[" + endpoint + (closed ? ", closed" : "") + "]";
    }
}
