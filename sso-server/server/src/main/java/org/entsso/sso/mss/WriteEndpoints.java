package org.entsso.sso.mss;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.transport.Exchange;
import org.entsso.sso.transport.WorkPool;
import org.entsso.sso.transport.internal.ErrorAnswers;
import org.entsso.sso.transport.internal.JsonResponses;

/**
 * The master secret server's write endpoints (sso-server/docs/api.md): {@code POST} {@value #CREDENTIALS_PATH} and
 * {@value #CONFIG_PATH}, called by SSO servers forwarding a client's write ({@link MasterSecretClient}). Only node
 * certificates with the role {@code sso-server} may call them (11042 otherwise); the body names the client principal,
 * whose rights {@link FencedWrites} checks against the database. Success is 204 ({@code Idempotent-Replay: true} when
 * the request id had been applied before; {@value #PURGE_STEP_HEADER}{@code : <before> <after>} with the step of the
 * application's purge id that a credential write committed); errors are {@code {"code", "message"}} with the statuses
 * of api.md.
 *
 * <p>Thread-safe: stateless apart from the writes, which are. Request bodies and decoded values are zeroed after use
 * and never logged.
 */
final class WriteEndpoints {
    static final String CREDENTIALS_PATH = "/v1/internal/credentials";
    static final String CONFIG_PATH = "/v1/internal/config";
    /** The response header with the purge-id step of an applied credential write ({@link org.entsso.sso.store.PurgeStep}). */
    static final String PURGE_STEP_HEADER = "Purge-Step";

    /** A write is a few fields or properties; anything near this is not one. */
    private static final int MAX_BODY_BYTES = 256 * 1024;

    /** Forwarded writes wait on database locks: they get threads of their own, apart from keyring fetches. */
    static final WorkPool POOL = new WorkPool("writes", 16, 256);

    private final FencedWrites writes;
    private final MssMeters meters;

    WriteEndpoints(FencedWrites writes, MssMeters meters) {
        this.writes = Objects.requireNonNull(writes, "writes");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** Routes both endpoints on a term of {@code endpoint} (their pool and callers are {@link MssEndpoint}'s). */
    void mount(MssEndpoint.Routes endpoint) {
        endpoint.route(
                CREDENTIALS_PATH,
                (exchange, caller) -> serve(exchange, caller, MssMeters.Operation.SET_CREDENTIALS, this::credentials));
        endpoint.route(
                CONFIG_PATH,
                (exchange, caller) -> serve(exchange, caller, MssMeters.Operation.SET_CONFIG_INFO, this::config));
    }

    private interface Write {
        /** Parses {@code json} and applies the write. */
        FencedWrites.Written apply(JsonParser json) throws IOException;
    }

    private void serve(Exchange exchange, CertificateIdentity caller, MssMeters.Operation operation, Write write)
            throws IOException {
        String path = exchange.rawPath();
        if (!"POST".equals(exchange.method())) {
            exchange.setResponseHeader("Allow", "POST");
            JsonResponses.error(exchange, 405, SsoError.INVALID_ARGUMENT, "Use POST on " + path + ".");
            return;
        }
        long start = System.nanoTime();
        String outcome = MssMeters.ERROR; // until the write says otherwise (an I/O failure, a bug)
        byte[] body = readBody(exchange.requestBody());
        try (JsonParser json = JsonResponses.JSON.createParser(body)) {
            FencedWrites.Written written;
            try {
                if (body.length > MAX_BODY_BYTES) {
                    throw invalid("The request body is larger than any write.");
                }
                written = write.apply(json);
            } catch (SsoException e) {
                outcome = MssMeters.outcome(e);
                ErrorAnswers.send(exchange, e);
                return;
            }
            outcome = written.applied() ? MssMeters.APPLIED : MssMeters.REPLAYED;
            if (!written.applied()) {
                exchange.setResponseHeader("Idempotent-Replay", "true");
            }
            written.purge().ifPresent(step -> exchange.setResponseHeader(PURGE_STEP_HEADER, step.text()));
            JsonResponses.send(exchange, 204, new byte[0]);
        } finally {
            Arrays.fill(body, (byte) 0);
            meters.write(operation, outcome, System.nanoTime() - start);
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(MAX_BODY_BYTES + 1);
        }
    }

    private FencedWrites.Written credentials(JsonParser json) throws IOException {
        Request request = new Request();
        SortedMap<Integer, byte[]> fields = new TreeMap<>();
        try {
            readObject(json, name -> {
                if (name.equals("fields")) {
                    readFields(json, fields);
                } else {
                    request.read(name, json);
                }
            });
            String account = request.require("account", request.account);
            return writes.applyCredentials(
                    request.require("caller", request.caller),
                    request.requestId(),
                    request.require("application", request.application),
                    account(account),
                    fields);
        } finally {
            fields.values().forEach(v -> Arrays.fill(v, (byte) 0));
        }
    }

    private FencedWrites.Written config(JsonParser json) throws IOException {
        Request request = new Request();
        Map<String, String> properties = new LinkedHashMap<>();
        readObject(json, name -> {
            if (name.equals("properties")) {
                readObject(json, property -> {
                    if (json.nextToken() != JsonToken.VALUE_STRING) {
                        throw invalid("Config property " + property + " must be a string.");
                    }
                    properties.put(property, json.getText());
                });
            } else {
                request.read(name, json);
            }
        });
        boolean applied = writes.applyConfigInfo(
                request.require("caller", request.caller),
                request.requestId(),
                request.require("application", request.application),
                request.require("identifier", request.identifier),
                properties);
        return applied ? new FencedWrites.Written(true, Optional.empty()) : FencedWrites.Written.REPLAYED;
    }

    private static void readFields(JsonParser json, SortedMap<Integer, byte[]> fields) throws IOException {
        readObject(json, name -> {
            int ordinal;
            try {
                ordinal = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                throw invalid("Field names are ordinals (1, 2, ...), not " + name + ".");
            }
            if (json.nextToken() != JsonToken.VALUE_STRING) {
                throw invalid("Field " + ordinal + " must be a base64 string.");
            }
            try {
                fields.put(ordinal, json.getBinaryValue());
            } catch (IOException e) {
                throw invalid("Field " + ordinal + " is not valid base64.");
            }
        });
    }

    private interface Member {
        void read(String name) throws IOException;
    }

    /** Reads an object whose start is the next token, handing each member name to {@code member}. */
    private static void readObject(JsonParser json, Member member) throws IOException {
        try {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("The body must be a JSON object as in sso-server/docs/api.md.");
            }
            for (JsonToken t = json.nextToken(); t != JsonToken.END_OBJECT; t = json.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    throw invalid("The body must be a JSON object as in sso-server/docs/api.md.");
                }
                member.read(json.currentName());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("The body is not valid JSON.");
        }
    }

    private static WindowsAccount account(String text) {
        int slash = text.indexOf('\\');
        if (slash <= 0 || slash == text.length() - 1) {
            throw invalid("An account is DOMAIN\\user, not " + text + ".");
        }
        return new WindowsAccount(text.substring(0, slash), text.substring(slash + 1));
    }

    private static SsoException invalid(String detail) {
        return new SsoException(SsoError.INVALID_ARGUMENT, detail);
    }

    /** The members every write names. */
    private static final class Request {
        String caller;
        String requestId;
        String application;
        String account;
        String identifier;

        void read(String name, JsonParser json) throws IOException {
            JsonToken value = json.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                json.skipChildren(); // unknown members are ignored; known ones must be strings
                if (isKnown(name)) {
                    throw invalid("The member " + name + " must be a string.");
                }
                return;
            }
            switch (name) {
                case "caller" -> caller = json.getText();
                case "requestId" -> requestId = json.getText();
                case "application" -> application = json.getText();
                case "account" -> account = json.getText();
                case "identifier" -> identifier = json.getText();
                default -> {}
            }
        }

        private static boolean isKnown(String name) {
            return switch (name) {
                case "caller", "requestId", "application", "account", "identifier" -> true;
                default -> false;
            };
        }

        String require(String name, String value) {
            if (value == null || value.isBlank()) {
                throw invalid("The member " + name + " is missing.");
            }
            return value;
        }

        UUID requestId() {
            try {
                return UUID.fromString(require("requestId", requestId));
            } catch (IllegalArgumentException e) {
                throw invalid("The requestId must be a UUID.");
            }
        }
    }
}
