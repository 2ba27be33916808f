/**
 * The SSO database store: repositories per aggregate, units of work with explicit transaction boundaries, fencing
 * of the master secret server's writes by epoch, a transient-error retry policy, and the connection settings for
 * H2 (embedded default) and SQL Server availability groups. Hibernate and the entities live in {@code internal} and
 * never appear in a signature here. Start with {@link org.entsso.sso.store.SsoStore}.
 *
 * <p>Thread-safety: {@code SsoStore}, the configuration types and every value type (the records,
 * {@link org.entsso.sso.store.EncryptedValue}) are immutable or internally synchronized and safe to share; a
 * {@link org.entsso.sso.store.StoreSession} and the repositories it hands out belong to one unit of work on one
 * thread. Secret-bearing types ({@code StoreConfig}, {@code SqlServerConnectionSettings}, {@code EncryptedValue})
 * redact {@code toString()}.
 */
package org.entsso.sso.store;
