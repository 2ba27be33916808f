package org.entsso.sso.api;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.entsso.sso.api.internal.ApiAuditor;
import org.entsso.sso.api.internal.ApiHandler;
import org.entsso.sso.api.internal.ApiRequest;
import org.entsso.sso.api.internal.ApplicationsEndpoint;
import org.entsso.sso.api.internal.ApplicationsTree;
import org.entsso.sso.api.internal.AuditEndpoint;
import org.entsso.sso.api.internal.ConfigEndpoint;
import org.entsso.sso.api.internal.CredentialsEndpoint;
import org.entsso.sso.api.internal.GlobalEndpoint;
import org.entsso.sso.api.internal.GroupsEndpoint;
import org.entsso.sso.api.internal.MappingsEndpoint;
import org.entsso.sso.api.internal.NodesEndpoint;
import org.entsso.sso.api.internal.Routes;
import org.entsso.sso.api.internal.StatusEndpoint;
import org.entsso.sso.api.internal.TicketsEndpoint;
import org.entsso.sso.audit.SsoAudit;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.EncryptingWrites;
import org.entsso.sso.server.Health;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.WorkPool;

/**
 * The SSO server's HTTPS JSON API under {@code /v1} (DESIGN.md decision 9; the contract is sso-server/docs/api.md):
 * applications, mappings, credentials, config-store items, and the node's status and health. Lookups run locally on
 * {@link CredentialLookupService}; encrypting writes go to the master secret server through {@link EncryptingWrites};
 * applications and mappings are written to the database directly, under ENTSSO's access rules (anchors/entsso.md §4).
 *
 * <p>Every error is {@code {"code": <ENTSSO id>, "message": "..."}} with the HTTP status of the contract's table
 * (503 with {@code Retry-After} for the retryable ones); bad input is a 4xx, never a 500; bodies are limited to 64 KiB.
 * Secrets are never logged; the access log (logger {@code org.entsso.sso.api.access}) carries principal, method, path,
 * status and request id only.
 *
 * <p>The API owns none of its collaborators: the node launcher starts and closes them. Mount it with
 * {@link #mountOn} before starting the server. Immutable and thread-safe.
 */
public final class SsoApi {
    /** {@code /v1/sys/health}: Vault-like status codes, the status document as body. */
    public static final String HEALTH = "/v1/sys/health";

    /** {@code /v1/sys/status}: the status document. */
    public static final String STATUS = "/v1/sys/status";

    /** {@code /v1/sys/nodes}: the cluster's Up SSO servers and their endpoints, for client discovery. */
    public static final String NODES = "/v1/sys/nodes";

    /** {@code /v1/applications} and everything under it. */
    public static final String APPLICATIONS = "/v1/applications";

    /** {@code /v1/mappings}: mappings by account and/or application. */
    public static final String MAPPINGS = "/v1/mappings";

    /** {@code /v1/global}: the global settings and the system-wide switch. */
    public static final String GLOBAL = "/v1/global";

    /** {@code /v1/groups}: group membership. */
    public static final String GROUPS = "/v1/groups";

    /** {@code /v1/tickets}: IssueTicket for the caller. */
    public static final String TICKETS = "/v1/tickets";

    /** {@code /v1/audit/...}: the database audit tables, for SSO administrators. */
    public static final String AUDIT = "/v1/audit";

    /** {@code /v1/config/{app}/{identifier}}. */
    public static final String CONFIG = "/v1/config";

    /** Lookups (GET and HEAD): the hot path, never queued behind writes that wait on the master secret server. */
    public static final WorkPool LOOKUPS = new WorkPool("lookups", 16, 512);

    /** Writes and administration (every other method): they may wait on the database or the master secret server. */
    public static final WorkPool WRITES = new WorkPool("api-writes", 8, 128);

    /** Health and status: load balancers and operators still get an answer when the other pools are full. */
    public static final WorkPool STATUS_POOL = new WorkPool("status", 2, 32);

    private final SsoStore store;
    private final CredentialLookupService lookups;
    private final EncryptingWrites writes;
    private final NodeStatusSource node;
    private final Clock clock;
    private final SsoAudit audit;

    /**
     * An API over the node's components.
     *
     * @param store the SSO database (started)
     * @param lookups the lookup service (started)
     * @param writes where SetCredentials and SetConfigInfo go: on an SSO server, the client of the active master secret
     *     server
     * @param node what the status document says about the node itself
     * @param clock the clock for ages in the status document
     */
    public SsoApi(
            SsoStore store,
            CredentialLookupService lookups,
            EncryptingWrites writes,
            NodeStatusSource node,
            Clock clock) {
        this(store, lookups, writes, node, clock, SsoAudit.none());
    }

    /**
     * An API whose answers are recorded in the SSO AUDIT log {@code audit} at the global audit levels (the API does
     * not own it: the launcher closes it).
     */
    public SsoApi(
            SsoStore store,
            CredentialLookupService lookups,
            EncryptingWrites writes,
            NodeStatusSource node,
            Clock clock,
            SsoAudit audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.store = Objects.requireNonNull(store, "store");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds the API's routes ({@link #HEALTH}, {@link #STATUS}, {@link #NODES}, the trees {@link #APPLICATIONS} and {@link #CONFIG}) to
     * {@code server}, which must still be LATENT and must not route those paths already (so do not also route
     * {@link org.entsso.sso.server.HealthHandler}).
     *
     * @return {@code server}
     * @throws IllegalStateException when the server is already started
     * @throws IllegalArgumentException when one of the paths is already routed
     */
    public MutualTlsServer mountOn(MutualTlsServer server) {
        StatusEndpoint status = status();
        server.route(HEALTH, STATUS_POOL, new ApiHandler(status.health()));
        server.route(STATUS, STATUS_POOL, new ApiHandler(status.status()));
        server.route(NODES, STATUS_POOL, new ApiHandler(new NodesEndpoint(node)));
        ApiAuditor auditor = new ApiAuditor(audit, lookups::auditLevels, clock);
        MappingsEndpoint mappings = new MappingsEndpoint(store, lookups);
        server.routeTree(
                APPLICATIONS,
                LOOKUPS,
                WRITES,
                ApiRequest.MAX_BATCH_BODY_BYTES,
                new ApiHandler(
                        new ApplicationsTree(
                                new ApplicationsEndpoint(store, lookups),
                                mappings,
                                new CredentialsEndpoint(store, lookups, writes)),
                        auditor));
        server.routeTree(
                MAPPINGS,
                LOOKUPS,
                WRITES,
                ApiRequest.MAX_BATCH_BODY_BYTES,
                new ApiHandler(
                        request -> {
                            List<String> segments = request.segments();
                            if (segments.size() == 2 && request.method().equals("POST")) {
                                mappings.createBatch(request);
                            } else if (segments.size() == 2) {
                                mappings.list(request);
                            } else if (segments.size() == 3 && segments.get(2).equals("delete")) {
                                mappings.deleteBatch(request);
                            } else {
                                throw Routes.noEndpoint(request);
                            }
                        },
                        auditor));
        server.routeTree(GLOBAL, LOOKUPS, WRITES, new ApiHandler(new GlobalEndpoint(store, lookups), auditor));
        server.routeTree(GROUPS, LOOKUPS, WRITES, new ApiHandler(new GroupsEndpoint(store, lookups), auditor));
        server.routeTree(TICKETS, LOOKUPS, WRITES, new ApiHandler(new TicketsEndpoint(lookups), auditor));
        server.routeTree(CONFIG, LOOKUPS, WRITES, new ApiHandler(new ConfigEndpoint(store, lookups, writes), auditor));
        server.routeTree(AUDIT, LOOKUPS, WRITES, new ApiHandler(new AuditEndpoint(store), auditor));
        return server;
    }

    /** The node's health as {@link #HEALTH} answers it (from memory, never the database), for other endpoints. */
    public Supplier<Health> health() {
        StatusEndpoint status = status();
        return status::healthNow;
    }

    private StatusEndpoint status() {
        return new StatusEndpoint(node, lookups, store, clock);
    }

    @Override
    public String toString() {
        return "SsoApi[" + node.nodeName() + "]";
    }
}
