package org.entsso.sso.mss;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.transport.CallerHandler;
import org.entsso.sso.transport.Exchange;
import org.entsso.sso.transport.WorkPool;
import org.entsso.sso.transport.internal.JsonResponses;

/**
 * The master secret server's secret endpoints (sso-server/docs/api.md): {@code GET /v1/sys/secret} and {@code POST
 * /v1/sys/secret/generate|backup|restore}, for admin certificates whose principal is in the SSO Administrators group
 * (11042 otherwise, anchors/entsso.md §1). Errors are {@code {"code", "message"}} with the documented HTTP status.
 * Passwords are read into {@code char[]} and cleared; request bodies are zeroed; neither is ever logged.
 *
 * <p>Thread-safe: handlers run concurrently; the operations serialize themselves ({@link SecretManager}).
 */
final class SecretEndpoints {
    static final String STATUS = "/v1/sys/secret";
    static final String GENERATE = "/v1/sys/secret/generate";
    static final String BACKUP = "/v1/sys/secret/backup";
    static final String RESTORE = "/v1/sys/secret/restore";

    private static final Logger LOG = LogManager.getLogger(SecretEndpoints.class);
    // The limit ssoconfig checks too (issue 9 item 11): a restore request is the largest body these endpoints take.
    private static final int MAX_BODY_BYTES = BackupFile.MAX_REQUEST_BYTES;

    /** Secret management: rare, slow (key derivation, re-encryption), one operator at a time. */
    static final WorkPool POOL = new WorkPool("secrets", 2, 8);

    private final SsoStore store;
    private final Supplier<SecretManager> managers;
    private final SecretMonitor monitor;

    SecretEndpoints(SsoStore store, Supplier<SecretManager> managers, SecretMonitor monitor) {
        this.store = Objects.requireNonNull(store, "store");
        this.managers = Objects.requireNonNull(managers, "managers");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** Adds the four routes to a term of the endpoint (for SSO administrators: {@link MssEndpoint}'s policy). */
    void mount(MssEndpoint.Routes server) {
        server.route(STATUS, guarded("GET", (exchange, request) -> SecretJson.sendStatus(exchange, monitor.status())));
        server.route(GENERATE, guarded("POST", (exchange, request) -> {
            SecretBackup backup = managers.get().generate(request.password(), request.reminder());
            SecretJson.sendBackup(exchange, backup);
        }));
        server.route(BACKUP, guarded("POST", (exchange, request) -> {
            SecretBackup backup = managers.get().backup(request.password(), request.reminder());
            SecretJson.sendBackup(exchange, backup);
        }));
        server.route(RESTORE, guarded("POST", (exchange, request) -> {
            if (request.backup() == null) {
                throw new SsoException(SsoError.INVALID_ARGUMENT, "The request needs \"backup\" (Base64).");
            }
            SecretJson.sendMsid(exchange, managers.get().restore(request.backup(), request.password()));
        }));
    }

    private interface Operation {
        void run(Exchange exchange, SecretJson.Request request) throws IOException;
    }

    private CallerHandler guarded(String method, Operation operation) {
        return (exchange, caller) -> {
            String path = exchange.rawPath();
            if (!method.equals(exchange.method())) {
                exchange.setResponseHeader("Allow", method);
                JsonResponses.error(exchange, 405, SsoError.INVALID_ARGUMENT, "Use " + method + " on " + path + ".");
                return;
            }
            SecretJson.Request request = null;
            try {
                requireSsoAdministrator(caller);
                if ("POST".equals(method)) {
                    request = SecretJson.readRequest(readBody(exchange), !path.equals(RESTORE));
                }
                operation.run(exchange, request);
                LOG.info("{} {} by {}: done", method, path, caller.principal());
            } catch (SsoException e) {
                LOG.warn("{} {} by {} failed: {}", method, path, caller.principal(), e.getMessage());
                sendError(exchange, e);
            } catch (IllegalStateException e) {
                // The keyring holder closed under the request: this server is going offline.
                exchange.setResponseHeader("Retry-After", "1");
                JsonResponses.error(
                        exchange, 503, SsoError.SECRET_NOT_AVAILABLE, "The master secret server is stopping.");
            } finally {
                if (request != null) {
                    request.wipe();
                }
            }
        };
    }

    /** The route's policy admitted administrator certificates only; membership needs the database. */
    private void requireSsoAdministrator(CertificateIdentity caller) {
        boolean member = store.read((StoreSession s) -> {
            GlobalSettings global = s.globalInfo().get().settings();
            Set<String> mine = s.groups().groupsOf(caller.principal()).stream()
                    .map(SecretEndpoints::fold)
                    .collect(Collectors.toSet());
            mine.add(fold(caller.principal()));
            return mine.contains(fold(global.ssoAdminGroup()));
        });
        if (!member) {
            throw new SsoException(SsoError.NOT_SSO_ADMINISTRATOR, caller.principal() + " is not a member.");
        }
    }

    private static String fold(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static byte[] readBody(Exchange exchange) throws IOException {
        try (InputStream in = exchange.requestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                Arrays.fill(body, (byte) 0);
                throw new SsoException(SsoError.INVALID_ARGUMENT, "The request body is too large.");
            }
            return body;
        }
    }

    /** The HTTP status of each error, as docs/errors.md's table says ({@link SsoError#httpStatus()}). */
    static void sendError(Exchange exchange, SsoException e) throws IOException {
        int status = e.error().httpStatus();
        int retryAfter = e.error().retryAfterSeconds();
        if (retryAfter > 0) {
            exchange.setResponseHeader("Retry-After", Integer.toString(retryAfter));
        }
        // The exception's message is already the formatted sentence; send it without the "[code] " prefix.
        String message = e.getMessage().replaceFirst("^\\[\\d+\\] ", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("code", e.code());
            json.writeStringField("message", message);
            json.writeEndObject();
        }
        JsonResponses.send(exchange, status, out.toByteArray());
    }
}
