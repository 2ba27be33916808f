package org.entsso.sso.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** What is known about one master secret. */
@Entity
@Table(name = "secret_metadata")
public class SecretMetadataEntity {
    @Id
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 36)
    String msid;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "last_backup_at")
    Instant lastBackupAt;

    boolean retired;
}
