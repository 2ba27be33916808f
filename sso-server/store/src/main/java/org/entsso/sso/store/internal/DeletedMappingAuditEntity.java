package org.entsso.sso.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Audit row: a deleted or disabled mapping. */
@Entity
@Table(name = "audit_deleted_mapping")
public class DeletedMappingAuditEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "application_name")
    String applicationName;

    @Column(name = "windows_domain")
    String windowsDomain;

    @Column(name = "windows_user")
    String windowsUser;

    @Column(name = "external_user")
    String externalUser;

    @Column(name = "change_kind")
    String changeKind;

    @Column(name = "changed_by")
    String changedBy;

    @Column(name = "occurred_at")
    Instant occurredAt;
}
