package org.entsso.sso.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A field definition of an application. */
@Entity
@Table(name = "field_info")
public class FieldInfoEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "application_id")
    long applicationId;

    int ordinal;

    String label;

    boolean masked;

    @Column(name = "synchronized")
    boolean synchronizedField;
}
