package org.entsso.sso.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Audit row: a credential lookup (never the credential). */
@Entity
@Table(name = "audit_credential_lookup")
public class CredentialLookupAuditEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "lookup_kind")
    String lookupKind;

    @Column(name = "application_name")
    String applicationName;

    @Column(name = "windows_domain")
    String windowsDomain;

    @Column(name = "windows_user")
    String windowsUser;

    @Column(name = "external_user")
    String externalUser;

    @Column(name = "client_host")
    String clientHost;

    boolean succeeded;

    @Column(name = "error_code")
    Integer errorCode;

    @Column(name = "occurred_at")
    Instant occurredAt;
}
