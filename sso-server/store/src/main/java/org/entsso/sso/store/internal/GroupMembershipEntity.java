package org.entsso.sso.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A principal's membership of a group. */
@Entity
@Table(name = "group_membership")
public class GroupMembershipEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "principal_name")
    String principalName;

    @Column(name = "group_name")
    String groupName;
}
