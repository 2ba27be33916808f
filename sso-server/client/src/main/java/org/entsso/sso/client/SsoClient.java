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
    private volatile boolean closed;

    private SsoClient(ServerDirectory directory, Failover failover) {
        this.directory = directory;
        this.failover = failover;
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
                        config.writeHedgeDelay()));
    }

    /** The caller's own credentials in {@code application}. */
    public SsoCredentials getCredentials(String application) {
        return getCredentials(application, null, false);
    }

    /** The credentials of {@code account} ({@code DOMAIN\\user}) in {@code application} (administrators). */
    public SsoCredentials getCredentials(String application, String account) {
        return getCredentials(application, Objects.requireNonNull(account, "account"), false);
    }

    /**
     * The credentials of {@code account} (null: the caller's own) in {@code application}; with {@code refresh} the
     * server bypasses its credential cache. The caller clears the result.
     */
    public SsoCredentials getCredentials(String application, String account, boolean refresh) {
        Answer answer = read(ApiCall.get(ApiPaths.credentials(application, account, refresh)));
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

    /** The config info (name -> value) stored under {@code identifier} for {@code application}. */
    public Map<String, String> getConfigInfo(String application, String identifier) {
        Answer answer = read(ApiCall.get(ApiPaths.config(application, identifier)));
        try {
            return Wire.readConfig(answer.body());
        } catch (IOException e) {
            throw malformed(answer);
        } finally {
            answer.wipe();
        }
    }

    /** Replaces the config info stored under {@code identifier} for {@code application}. */
    public void setConfigInfo(String application, String identifier, Map<String, String> properties) {
        write(new ApiCall(
                "PUT", ApiPaths.config(application, identifier), Wire.config(properties), ApiCall.Kind.WRITE));
    }

    /** Creates an affiliate application (disabled, as in ENTSSO). */
    public void createApplication(NewApplication application) {
        write(new ApiCall("POST", "/v1/applications", Wire.application(application), ApiCall.Kind.CREATE));
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

    /** Enables the mapping of {@code account} in {@code application}. */
    public void enableMapping(String application, String account) {
        write(new ApiCall("POST", ApiPaths.mapping(application, account) + "/enable", null, ApiCall.Kind.WRITE));
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
