/**
 * The SSO server's lookup path, run on every node (issue 5; DESIGN.md decisions 6, 7, 10-12):
 *
 * <ul>
 *   <li>{@link org.entsso.sso.server.KeyringHolder}: the keyring in memory only; 10532 until one is installed;
 *       atomic swap on rotation without dropping a decryption.
 *   <li>{@link org.entsso.sso.server.CredentialLookupService}: {@code GetCredentials} and {@code GetConfigInfo}
 *       with ENTSSO's access rules and errors, the credential cache, and the database-outage grace
 *       ({@link org.entsso.sso.server.Availability}).
 *   <li>{@link org.entsso.sso.server.ValueBindings}: how stored values are bound to their rows.
 *   <li>{@link org.entsso.sso.server.Credentials}, {@link org.entsso.sso.server.SecretBytes}: decrypted values that
 *       redact {@code toString()} and can be zeroed.
 * </ul>
 *
 * <p>Thread-safety is stated on each type; the services and the holder are safe to share. Types in
 * {@code org.entsso.sso.server.internal} are not API.
 */
package org.entsso.sso.server;
