/**
 * The SSO database store: repositories per aggregate, units of work with explicit transaction boundaries, fencing
 * of the master secret server's writes by epoch, a transient-error retry policy, and the connection settings for
 * H2 (embedded default) and SQL Server availability groups. Hibernate and the entities live in {@code internal} and
 * never appear in a signature here. Start with {@link org.entsso.sso.store.SsoStore}.
 */
package org.entsso.sso.store;
