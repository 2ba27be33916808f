package org.entsso.sso.transport;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.entsso.sso.SsoError;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.NodeRole;

/**
 * Who may call a route, declared once where the route is added ({@link MutualTlsServer#route(String, WorkPool,
 * CallerPolicy, CallerHandler)}) and checked by the server before it reads a request body or takes a worker thread:
 * a caller outside the policy gets 403 with the policy's error code and never reaches the handler. It judges the
 * verified certificate only (its kind and node roles); what needs the database, such as membership of the SSO
 * Administrators group, stays with the handler. Immutable and thread-safe.
 */
public final class CallerPolicy {
    private static final CallerPolicy ANY_CLUSTER_IDENTITY = new CallerPolicy(
            "any cluster identity", caller -> true, SsoError.ACCESS_DENIED, caller -> "a cluster certificate");
    private static final CallerPolicy ADMINISTRATORS = new CallerPolicy(
            "administrators",
            caller -> caller.kind() == CertificateKind.ADMIN,
            SsoError.NOT_SSO_ADMINISTRATOR,
            caller -> "Use an administrator certificate, not a " + caller.kind().label() + " one.");

    private final String name;
    private final Predicate<CertificateIdentity> permits;
    private final SsoError refusal;
    private final Function<CertificateIdentity, String> requirement;

    private CallerPolicy(
            String name,
            Predicate<CertificateIdentity> permits,
            SsoError refusal,
            Function<CertificateIdentity, String> requirement) {
        this.name = name;
        this.permits = permits;
        this.refusal = refusal;
        this.requirement = requirement;
    }

    /** Any holder of a certificate the cluster CA issued: nodes, administrators and clients alike. */
    public static CallerPolicy anyClusterIdentity() {
        return ANY_CLUSTER_IDENTITY;
    }

    /** Administrator certificates only (11042 to anyone else). */
    public static CallerPolicy administrators() {
        return ADMINISTRATORS;
    }

    /** Node certificates that carry {@code role} (11042 to anyone else). */
    public static CallerPolicy nodesWith(NodeRole role) {
        Objects.requireNonNull(role, "role");
        return new CallerPolicy(
                "nodes with the role " + role.label(),
                caller -> caller.kind() == CertificateKind.NODE && caller.has(role),
                SsoError.ACCESS_DENIED,
                caller -> nodesText(role));
    }

    private static String nodesText(NodeRole role) {
        return role == NodeRole.SSO_SERVER
                ? "SSO servers (a node certificate with the role " + role.label() + ")"
                : "nodes with the role " + role.label();
    }

    /** Whether {@code caller} may call the route. */
    public boolean permits(CertificateIdentity caller) {
        return permits.test(caller);
    }

    /** The error a refused caller gets. */
    public SsoError refusal() {
        return refusal;
    }

    /** The detail of the refusal's message to {@code caller}: who may call, or what to use instead. */
    public String requirement(CertificateIdentity caller) {
        return requirement.apply(caller);
    }

    @Override
    public String toString() {
        return "CallerPolicy[" + name + "]";
    }
}
