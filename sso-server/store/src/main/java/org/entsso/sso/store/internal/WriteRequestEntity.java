package org.entsso.sso.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The request id of an applied write. */
@Entity
@Table(name = "write_request")
public class WriteRequestEntity {
    @Id
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "request_id", length = 36)
    String requestId;

    @Column(length = 256)
    String principal;

    @Column(length = 32)
    String operation;

    @Column(name = "applied_at")
    Instant appliedAt;
}
