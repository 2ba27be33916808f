/**
 * The client library host instances and administration tools use to reach the SSO servers (DESIGN.md decisions 7, 9
 * and 11; sso-server/docs/client.md).
 *
 * <ul>
 *   <li>{@link org.entsso.sso.client.ClientConfig}, {@link org.entsso.sso.client.ClientConfigFile}: where the servers
 *       are (seed servers, from which the current list is read with {@code GET /v1/sys/nodes}), the TLS files,
 *       the timeouts.
 *   <li>{@link org.entsso.sso.client.SsoClient}: lookups and writes with failover: reads spread over the servers and
 *       move to the next one at once; writes carry one {@code Idempotency-Key} and are retried until the write
 *       deadline.
 *   <li>{@link org.entsso.sso.client.SsoCredentials}, {@link org.entsso.sso.client.NewApplication},
 *       {@link org.entsso.sso.client.ServerStatus}: values; {@link org.entsso.sso.client.SsoClientException}: errors.
 * </ul>
 *
 * <p>Types in {@code org.entsso.sso.client.internal} are not API.
 */
package org.entsso.sso.client;
