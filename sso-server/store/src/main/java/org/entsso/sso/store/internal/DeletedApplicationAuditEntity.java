package org.entsso.sso.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Audit row: a deleted application. */
@Entity
@Table(name = "audit_deleted_application")
public class DeletedApplicationAuditEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "application_name")
    String applicationName;

    @Column(name = "deleted_by")
    String deletedBy;

    @Column(name = "client_host")
    String clientHost;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "tracking_id", length = 36)
    String trackingId;

    @Column(name = "occurred_at")
    Instant occurredAt;
}
