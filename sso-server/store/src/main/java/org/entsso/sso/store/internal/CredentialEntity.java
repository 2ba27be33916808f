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

/** One encrypted field value of a mapping. */
@Entity
@Table(name = "external_credential")
public class CredentialEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "mapping_id")
    long mappingId;

    @Column(name = "field_ordinal")
    int fieldOrdinal;

    @JdbcTypeCode(SqlTypes.VARBINARY)
    @Column(name = "encrypted_value")
    byte[] encryptedValue;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 36)
    String msid;

    @Column(name = "updated_at")
    Instant updatedAt;
}
