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

/** An SSO server's last report. */
@Entity
@Table(name = "sso_server")
public class SsoServerEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String name;

    String version;

    @Column(name = "last_seen")
    Instant lastSeen;

    String status;

    /** The node's public key (X.509 SubjectPublicKeyInfo), for crypto checkpoints; null for heartbeat-only rows. */
    @JdbcTypeCode(SqlTypes.VARBINARY)
    @Column(name = "node_public_key")
    byte[] nodePublicKey;

    /** Comma-separated role labels, e.g. {@code sso-server,master-secret-server}; null if never registered. */
    String roles;
}
