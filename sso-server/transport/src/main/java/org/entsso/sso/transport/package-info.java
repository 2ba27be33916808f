/**
 * Mutual TLS 1.3 transport between nodes (issue 5; DESIGN.md decisions 6, 11 and 12).
 *
 * <ul>
 *   <li>{@link org.entsso.sso.tls.TlsMaterial}, {@link org.entsso.sso.transport.TlsSettings}: a party's
 *       certificate, key and the cluster CA as per-instance {@code SSLContext}s; TLS 1.3 only.
 *   <li>{@link org.entsso.sso.transport.MutualTlsServer}, {@link org.entsso.sso.transport.CallerHandler}: an HTTPS
 *       server on Jetty 12 that requires a client certificate, bounds every slow or oversized request and hands each handler
 *       the caller's {@link org.entsso.sso.tls.CertificateIdentity}.
 *   <li>{@link org.entsso.sso.transport.KeyringServer}, {@link org.entsso.sso.transport.KeyringClient}: keyring
 *       distribution from the master secret server to SSO servers.
 *   <li>{@link org.entsso.sso.transport.DatabaseTunnelServer}, {@link org.entsso.sso.transport.DatabaseTunnel},
 *       {@link org.entsso.sso.transport.TunnelLimits}: the SSO database's TLS tunnel between a node and the H2 server
 *       process (DESIGN.md decision 13).
 * </ul>
 *
 * <p>Wire format and TLS policy: sso-server/docs/transport.md. Types in {@code org.entsso.sso.transport.internal} are
 * not API.
 */
package org.entsso.sso.transport;
