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

/** An affiliate application; name_key is computed by the database. */
@Entity
@Table(name = "affiliate_application")
public class ApplicationEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String name;

    /** UPPER(name), computed by the database; the unique index that makes names case-insensitive is on it. */
    @Column(name = "name_key", insertable = false, updatable = false)
    String nameKey;

    String description;

    String contact;

    @Column(name = "user_groups")
    String userGroups;

    @Column(name = "admin_groups")
    String adminGroups;

    int flags;

    @Column(name = "num_fields")
    int numFields;

    @Column(name = "ticket_timeout_minutes")
    Integer ticketTimeoutMinutes;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "purge_id", length = 36)
    String purgeId;

    /** ENTSSO's SSO_APP_TYPE value. */
    @Column(name = "app_type")
    int appType;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;
}
