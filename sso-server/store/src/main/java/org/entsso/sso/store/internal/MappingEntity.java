package org.entsso.sso.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Windows account to external account mapping. */
@Entity
@Table(name = "mapping")
public class MappingEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "application_id")
    long applicationId;

    @Column(name = "windows_domain")
    String windowsDomain;

    @Column(name = "windows_user")
    String windowsUser;

    @Column(name = "external_user")
    String externalUser;

    /** '' for every mapping but a Host Group application's, whose key is its external user (V8). */
    @Column(name = "host_key")
    String hostKey = "";

    boolean enabled;

    int flags;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;
}
