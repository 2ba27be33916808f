package org.entsso.sso.crypto;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The identity a cluster certificate carries, read from its subject: the principal ({@code CN}), the kind and the node
 * roles ({@code OU} values, see {@link CertificateKind} and {@link NodeRole}). The server derives the caller's principal
 * from the TLS peer certificate with this (DESIGN.md decision 11). Immutable.
 *
 * @param principal the subject common name: a node name, or an account such as {@code DOMAIN\alice}
 * @param kind what the certificate was issued to
 * @param roles node roles; empty for admins and clients
 */
public record CertificateIdentity(String principal, CertificateKind kind, Set<NodeRole> roles) {
    public CertificateIdentity {
        roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(NodeRole.class) : EnumSet.copyOf(roles));
    }

    /**
     * Reads the identity of a certificate issued by {@link ClusterCa}. Throws {@link IllegalArgumentException} if the
     * subject has no single CN or no known kind. The certificate's chain must be validated separately (TLS does it).
     */
    public static CertificateIdentity of(X509Certificate certificate) {
        X500Name subject =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<String> commonNames = values(subject, BCStyle.CN);
        if (commonNames.size() != 1) {
            throw new IllegalArgumentException("the certificate subject must have exactly one CN: " + subject);
        }
        CertificateKind kind = null;
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        for (String unit : values(subject, BCStyle.OU)) {
            for (CertificateKind candidate : CertificateKind.values()) {
                if (candidate.label().equals(unit)) {
                    kind = candidate;
                }
            }
            for (NodeRole role : NodeRole.values()) {
                if (role.label().equals(unit)) {
                    roles.add(role);
                }
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException(
                    "the certificate subject names no node, admin, client, zookeeper or database OU: " + subject);
        }
        return new CertificateIdentity(commonNames.get(0), kind, kind == CertificateKind.NODE ? roles : Set.of());
    }

    /** Whether a node certificate carries {@code role}. */
    public boolean has(NodeRole role) {
        return roles.contains(role);
    }

    /** The subject's O value (the cluster name for {@link ClusterCa} certificates), or empty. */
    static String organizationOf(X509Certificate certificate) {
        List<String> names = values(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), BCStyle.O);
        return names.isEmpty() ? "" : names.get(0);
    }

    private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            ASN1Encodable value = rdn.getFirst().getValue();
            out.add(value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value));
        }
        return out;
    }
}
