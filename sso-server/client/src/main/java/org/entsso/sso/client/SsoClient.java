package org.entsso.sso.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.client.internal.Answer;
import org.entsso.sso.client.internal.ApiCall;
import org.entsso.sso.client.internal.ApiPaths;
import org.entsso.sso.client.internal.Endpoints;
import org.entsso.sso.client.internal.Failover;
import org.entsso.sso.client.internal.Failures;
import org.entsso.sso.client.internal.HttpTransport;
import org.entsso.sso.client.internal.NodesDiscovery;
import org.entsso.sso.client.internal.PasswordFile;
import org.entsso.sso.client.internal.PollingDirectory;
import org.entsso.sso.client.internal.ServerDirectory;
import org.entsso.sso.client.internal.Wire;
import org.entsso.sso.tls.TlsMaterial;

/**
 * A host instance's or tool's connection to the SSO servers: lookups and writes of the {@code /v1} API
 * (sso-server/docs/api.md) over mutual TLS, with failover that makes a server's loss invisible (DESIGN.md decision 7;
 * the rules are in sso-server/docs/client.md). The caller is whoever the certificate names.
 *
 * <p>Lifecycle: {@link #open} returns a STARTED client (discovery running); {@link #close()} makes it CLOSED, after
 * which every call throws {@link IllegalStateException}; close is idempotent.
 *
 * <p>Errors: an error answer that cannot succeed elsewhere (4xx) is thrown at once as {@link SsoClientException} with
 * the server's ENTSSO code and message; connection failures, timeouts and 503s are retried and thrown only when the
 * request timeout (reads) or write deadline (writes, as 10783) is used up. Bad arguments throw
 * {@link IllegalArgumentException} or {@link NullPointerException} before anything is sent.
 *
 * <p>Thread-safe: share one client per process.
 */
public final class SsoClient implements Closeable {
    private static final Logger LOG = LogManager.getLogger(SsoClient.class);

    private final ServerDirectory directory;
    private final Failover failover;
    private final String principal;
    private volatile boolean closed;

    private SsoClient(ServerDirectory directory, Failover failover, String principal) {
        this.directory = directory;
        this.failover = failover;
        this.principal = principal;
    }

    /** Who this client is to the SSO servers: its certificate's principal, e.g. {@code DOMAIN\\user}. */
    public String principal() {
        return principal;
    }

    /**
     * Opens a client with the TLS files of {@code config}. Does not wait for the first server list.
     *
     * @throws IllegalArgumentException naming the file when the key store, its password file or the CA certificate
     *     cannot be used
     */
    public static SsoClient open(ClientConfig config) {
        Path keyStore = config.keyStore()
                .orElseThrow(() -> new IllegalArgumentException("the configuration names no tls.keyStore"));
        char[] password = PasswordFile.read(config.keyStorePasswordFile().orElseThrow());
        try {
            return open(
                    config,
                    TlsMaterial.fromPkcs12(
                            keyStore, password, config.trustStore().orElseThrow()));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Opens a client presenting {@code material} (the TLS files of {@code config} are not read). */
    public static SsoClient open(ClientConfig config, TlsMaterial material) {
        // The transport first: if the TLS material is unusable, no discovery thread has been started.
        HttpTransport transport = new HttpTransport(material, config.requestTimeout());
        ServerDirectory directory = config.discovery()
                ? new PollingDirectory(
                                config.servers(),
                                new NodesDiscovery(transport, config.requestTimeout()),
                                config.discoveryInterval())
                        .start()
                : ServerDirectory.fixed(config.servers());
        LOG.info("SSO client LATENT -> STARTED as {}: {}", material.identity().principal(), config);
        return new SsoClient(
                directory,
                new Failover(
                        transport,
                        directory,
                        config.requestTimeout(),
                        config.writeDeadline(),
                        config.hedgeDelay(),
                        config.writeHedgeDelay()),
                material.identity().principal());
    }

    /** The caller's own credentials in {@code application}. The caller clears the result. */
    public SsoCredentials getCredentials(String application) {
        return getCredentials(application, false);
    }

    /**
     * The caller's own credentials in {@code application}; with {@code refresh} the server bypasses its credential
     * cache. Another account's credentials are read only by redeeming a ticket it issued
     * ({@link #redeemTicket}). The caller clears the result.
     */
    public SsoCredentials getCredentials(String application, boolean refresh) {
        return credentialsOf(read(ApiCall.get(ApiPaths.credentials(application, refresh))));
    }

    /** IssueTicket: a ticket for the caller's own account, which an administrator of an application can redeem. */
    public SsoTicket issueTicket() {
        Answer answer = read(new ApiCall("POST", "/v1/tickets", null, ApiCall.Kind.READ));
        try {
            return Wire.readTicket(answer.body());
        } catch (IOException e) {
            throw malformed(answer);
        } finally {
            answer.wipe();
        }
    }

    /**
     * RedeemTicket: the credentials in {@code application} of the account that issued {@code ticket} (the caller
     * administers the application). Refused with 10594 when the system or the application validates tickets: use
     * {@link #validateAndRedeemTicket} then. The caller clears the result.
     */
    public SsoCredentials redeemTicket(String application, String ticket) {
        return redeem(application, ticket, null);
    }

    /**
     * ValidateAndRedeemTicket: as {@link #redeemTicket}, refused with 10594 unless the ticket's issuer is
     * {@code sender} (the identity of the message that carried the ticket). The caller clears the result.
     */
    public SsoCredentials validateAndRedeemTicket(String application, String ticket, String sender) {
        return redeem(application, ticket, Objects.requireNonNull(sender, "sender"));
    }

    private SsoCredentials redeem(String application, String ticket, String sender) {
        ApiCall call = new ApiCall(
                "POST",
                ApiPaths.application(application) + "/tickets/redeem",
                Wire.redeem(Objects.requireNonNull(ticket, "ticket"), sender),
                ApiCall.Kind.READ);
        try {
            return credentialsOf(read(call));
        } finally {
            call.wipe();
        }
    }

    /**
     * Host-initiated SSO: the Windows account ({@code DOMAIN\\user}) that {@code externalUser} maps to in
     * {@code application}, for its administrators. {@code password} (null when the application does not verify
     * external credentials) stays the caller's; the request body holding it is zeroed after the call.
     */
    public String lookupAccount(String application, String externalUser, char[] password) {
        ApiCall call = new ApiCall(
                "POST",
                ApiPaths.application(application) + "/reverse",
                Wire.reverse(Objects.requireNonNull(externalUser, "externalUser"), password),
                ApiCall.Kind.READ);
        Answer answer;
        try {
            answer = read(call);
        } finally {
            call.wipe();
        }
        try {
            return Wire.readAccount(answer.body());
        } catch (IOException e) {
            throw malformed(answer);
        } finally {
            answer.wipe();
        }
    }

    private SsoCredentials credentialsOf(Answer answer) {
        try {
            return Wire.readCredentials(answer.body());
        } catch (IOException e) {
            throw malformed(answer);
        } finally {
            answer.wipe();
        }
    }

    /**
     * Sets the credentials of {@code account} in {@code application}: field ordinals 1..n-1 to values. The arrays stay
     * the caller's (not cleared here); the request body holding them is zeroed after the write.
     */
    public void setCredentials(String application, String account, Map<Integer, char[]> fields) {
        ApiCall call = new ApiCall(
                "PUT", ApiPaths.credentials(application, account), Wire.credentials(fields), ApiCall.Kind.WRITE);
        write(call);
    }

    /**
     * The config info (name -> value) stored under {@code identifier} for {@code application} in run-time mode: every
     * property, masked or not.
     */
    public Map<String, String> getConfigInfo(String application, String identifier) {
        return getConfigInfo(application, identifier, false);
    }

    /** As {@link #getConfigInfo(String, String)}; in admin mode the masked properties are left out. */
    public Map<String, String> getConfigInfo(String application, String identifier, boolean adminMode) {
        Answer answer = read(ApiCall.get(ApiPaths.config(application, identifier) + (adminMode ? "?mode=admin" : "")));
        try {
            return Wire.readConfig(answer.body());
        } catch (IOException e) {
            throw malformed(answer);
        } finally {
            answer.wipe();
        }
    }

    /**
     * Sets the config info stored under {@code identifier} for {@code application}: every property of the application
     * when the item is new; on an existing item, only the properties given change.
     */
    public void setConfigInfo(String application, String identifier, Map<String, String> properties) {
        write(new ApiCall(
                "PUT", ApiPaths.config(application, identifier), Wire.config(properties), ApiCall.Kind.WRITE));
    }

    /** Deletes the config item {@code identifier} of {@code application} (10757 when there is none). */
    public void deleteConfigInfo(String application, String identifier) {
        write(new ApiCall("DELETE", ApiPaths.config(application, identifier), null, ApiCall.Kind.WRITE));
    }

    /** The identifiers of {@code application}'s config items, sorted. */
    public List<String> configIdentifiers(String application) {
        Answer answer = read(ApiCall.get("/v1/config/" + Endpoints.segment(application)));
        try {
            return Wire.readIdentifiers(answer.body());
        } catch (IOException e) {
            throw malformed(answer);
        } finally {
            answer.wipe();
        }
    }

    /** Creates an affiliate application (disabled, as in ENTSSO). */
    public void createApplication(NewApplication application) {
        write(new ApiCall("POST", "/v1/applications", Wire.application(application), ApiCall.Kind.CREATE));
    }

    /**
     * Changes the flags of {@code application} that {@code mask} selects to those of {@code flags} (ENTSSO's numeric
     * values, docs/api.md "Application flags"; ticket flags are for SSO administrators).
     */
    public void updateApplicationFlags(String application, int flags, int mask) {
        write(new ApiCall(
                "PATCH",
                ApiPaths.application(application),
                ("{\"flags\":" + flags + ",\"flagMask\":" + mask + "}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ApiCall.Kind.WRITE));
    }

    /** ENTSSO's {@code ssomanage -tickets}: whether tickets are allowed system wide and whether they are validated. */
    public void setTickets(boolean allowed, boolean validated) {
        write(new ApiCall(
                "PUT",
                "/v1/global",
                ("{\"allowTickets\":" + allowed + ",\"validateTickets\":" + validated + "}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ApiCall.Kind.WRITE));
    }

    /** Enables an affiliate application. */
    public void enableApplication(String application) {
        write(new ApiCall("POST", ApiPaths.application(application) + "/enable", null, ApiCall.Kind.WRITE));
    }

    /** Maps {@code account} ({@code DOMAIN\\user}) to {@code externalUser} in {@code application} (disabled). */
    public void createMapping(String application, String account, String externalUser) {
        write(new ApiCall(
                "POST",
                ApiPaths.application(application) + "/mappings",
                Wire.mapping(account, externalUser),
                ApiCall.Kind.CREATE));
    }

    /**
     * Creates every mapping of {@code mappings} (1 to 10,000) in one transaction, or none: the first refused one is
     * named, with its position, in the exception. A retry after a lost answer is recognised as applied.
     */
    public void createMappings(List<NewMapping> mappings) {
        write(new ApiCall("POST", "/v1/mappings", Wire.mappings(mappings, true), ApiCall.Kind.CREATE));
    }

    /** Deletes every mapping of {@code mappings} (each disabled first) in one transaction, or none. */
    public void deleteMappings(List<NewMapping> mappings) {
        write(new ApiCall("POST", "/v1/mappings/delete", Wire.mappings(mappings, false), ApiCall.Kind.WRITE));
    }

    /** Enables the mapping of {@code account} in {@code application}. */
    public void enableMapping(String application, String account) {
        write(new ApiCall("POST", ApiPaths.mapping(application, account) + "/enable", null, ApiCall.Kind.WRITE));
    }

    /**
     * Adds {@code principal} ({@code DOMAIN\\user}) to {@code group} in the SSO database's group membership (SSO
     * administrators; idempotent). Takes effect on every SSO server within a second.
     */
    public void addGroupMember(String group, String principal) {
        write(new ApiCall("PUT", ApiPaths.groupMember(group, principal), null, ApiCall.Kind.WRITE));
    }

    /** Removes {@code principal} from {@code group} (SSO administrators; 15001 when it is not a member). */
    public void removeGroupMember(String group, String principal) {
        write(new ApiCall("DELETE", ApiPaths.groupMember(group, principal), null, ApiCall.Kind.WRITE));
    }

    /**
     * Sends one request of docs/api.md that has no typed method here (the administration command lines use it), with
     * this client's failover: a {@code GET} is a read, retried at once on the next server; any other method is a
     * write, sent with one idempotency key and retried until the write deadline, and with {@code create} an "already
     * exists" on a retry counts as applied. Not for secrets (the typed methods zero them).
     *
     * @param method GET, POST, PUT, PATCH or DELETE
     * @param path the absolute path and query, each name percent-encoded as one segment
     * @param json the request's JSON body, or null for none
     * @return the answer's JSON body; empty for 204
     * @throws SsoClientException with the server's ENTSSO-style code when it refuses
     */
    public String exchange(String method, String path, String json, boolean create) {
        if (!path.startsWith("/v1/")) {
            throw new IllegalArgumentException("not an API path: " + path);
        }
        byte[] body = json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (method.equals("GET")) {
            Answer answer = read(ApiCall.get(path));
            return new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8);
        }
        ApiCall call = new ApiCall(method, path, body, create ? ApiCall.Kind.CREATE : ApiCall.Kind.WRITE);
        checkOpen();
        try {
            Answer answer = failover.write(call);
            return new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            call.wipe();
        }
    }

    /** {@code GET /v1/sys/status} of one server, without failover. */
    public ServerStatus status(URI endpoint) {
        return statusOf(endpoint, "/v1/sys/status", false);
    }

    /**
     * {@code GET /v1/sys/health} of one server, without failover: every Vault-style code (200, 429, 474, 503) is an
     * answer, not an error.
     */
    public ServerStatus health(URI endpoint) {
        return statusOf(endpoint, "/v1/sys/health", true);
    }

    /** The SSO server endpoints known now (seeds first, then discovered). */
    public List<URI> servers() {
        checkOpen();
        return directory.servers();
    }

    /** Stops discovery and refuses further calls. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        directory.close();
        failover.close();
        LOG.info("SSO client STARTED -> CLOSED");
    }

    private ServerStatus statusOf(URI endpoint, String path, boolean anyHealthCode) {
        checkOpen();
        Answer answer = failover.once(endpoint, ApiCall.get(path));
        boolean healthCode = anyHealthCode && Arrays.asList(429, 474, 503).contains(answer.status());
        if (!answer.ok() && !(healthCode && Wire.readError(answer.body()) == null)) {
            throw Failures.of(answer);
        }
        try {
            return Wire.readStatus(answer.server(), answer.status(), answer.body());
        } catch (IOException e) {
            throw malformed(answer);
        }
    }

    private Answer read(ApiCall call) {
        checkOpen();
        return failover.read(call);
    }

    private void write(ApiCall call) {
        checkOpen();
        try {
            failover.write(call).wipe();
        } finally {
            call.wipe();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the SSO client is closed");
        }
    }

    private static SsoClientException malformed(Answer answer) {
        return new SsoClientException(
                SsoError.INVALID_ARGUMENT.code(),
                // Not e.getMessage(): a parser's message may quote the body, which can hold a secret.
                "The SSO server's answer is not in the /v1 format; client and server versions may differ.",
                answer.server(),
                answer.status(),
                null);
    }
}
