/**
 * The SSO server's HTTPS JSON API under {@code /v1} (sso-server/docs/api.md): {@link org.entsso.sso.api.SsoApi}
 * mounts it on a {@link org.entsso.sso.transport.MutualTlsServer}; {@link org.entsso.sso.api.NodeStatusSource} is
 * what the status document reads about the node.
 */
package org.entsso.sso.api;
