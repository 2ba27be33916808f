package org.entsso.sso.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

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
     * Reads the identity of a certificate issued by the cluster CA. Throws {@link IllegalArgumentException} if the
     * subject has no single CN or no known kind. The certificate's chain must be validated separately (TLS does it).
     */
    public static CertificateIdentity of(X509Certificate certificate) {
        X500Principal subject = certificate.getSubjectX500Principal();
        List<String> commonNames = values(subject, "CN");
        if (commonNames.size() != 1) {
            throw new IllegalArgumentException("the certificate subject must have exactly one CN: " + subject);
        }
        CertificateKind kind = null;
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        for (String unit : values(subject, "OU")) {
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

    /** The subject's O value (the cluster name for the cluster CA's certificates), or empty. */
    public static String organizationOf(X509Certificate certificate) {
        List<String> names = values(certificate.getSubjectX500Principal(), "O");
        return names.isEmpty() ? "" : names.get(0);
    }

    /** The values of {@code type} in the subject, in the order they appear in it (RFC 2253 parsing, JDK only). */
    private static List<String> values(X500Principal name, String type) {
        List<Rdn> rdns;
        try {
            rdns = new LdapName(name.getName(X500Principal.RFC2253)).getRdns();
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("the certificate subject cannot be parsed: " + name.getName(), e);
        }
        List<String> out = new ArrayList<>();
        for (int i = rdns.size() - 1; i >= 0; i--) { // LdapName lists the last RDN of the string first
            Attribute values =
                    rdns.get(i).toAttributes().get(type); // case-insensitive; all values of a multi-valued RDN
            if (values == null) {
                continue;
            }
            try {
                for (NamingEnumeration<?> e = values.getAll(); e.hasMore(); ) {
                    Object value = e.next();
                    out.add(value instanceof String text ? text : Rdn.escapeValue(value));
                }
            } catch (NamingException e) {
                throw new IllegalArgumentException("the certificate subject cannot be parsed: " + name.getName(), e);
            }
        }
        return out;
    }
}
