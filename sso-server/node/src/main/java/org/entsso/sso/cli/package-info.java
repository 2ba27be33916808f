/**
 * Administrators' command lines built on the client side of the SSO server: {@link
 * org.entsso.sso.cli.SsoConfigCommand} ({@code ops/bin/ssoconfig}), ENTSSO's master secret commands against the
 * master secret server's secret endpoints (sso-server/docs/api.md). Only the command class is API; the rest are its
 * parts.
 */
package org.entsso.sso.cli;
