/**
 * Everything the SSO system does with keys (issue 3; DESIGN.md decisions 4, 5, 11, 12), usable without ZooKeeper or a
 * database.
 *
 * <ul>
 *   <li>{@link org.entsso.sso.crypto.Keyring}: the master secret, AES-256 keys by MSID, current and previous, from a
 *       Bouncy Castle SP 800-90A DRBG seeded by the operating system; {@code rotate()}; zeroed on close.
 *   <li>{@link org.entsso.sso.crypto.ValueCipher} and {@link org.entsso.sso.crypto.ValueBinding}: stored values,
 *       {@code version | MSID | nonce | AES-256-GCM}, bound to their row by associated data; JDK AES-GCM.
 *   <li>{@link org.entsso.sso.crypto.BackupFile}: the password-protected backup file (format on the class), Argon2id
 *       with its parameters in the file, a reminder readable without the password.
 *   <li>{@link org.entsso.sso.crypto.NodeSecretStore}: the node's BCFKS store and its owner-only password file.
 *   <li>{@link org.entsso.sso.crypto.CryptoCheckpoint}: the keyring wrapped for another node (RSA-OAEP + AES-GCM).
 *   <li>{@link org.entsso.sso.crypto.ClusterCa}, {@link org.entsso.sso.crypto.IssuedCertificate},
 *       {@link org.entsso.sso.tls.CertificateIdentity}: the cluster PKI for mutual TLS 1.3.
 *   <li>{@link org.entsso.sso.crypto.Tickets}: ENTSSO tickets sealed under the master secret.
 * </ul>
 *
 * <p>Rules that hold across the package: Bouncy Castle is used through one held provider instance and its lightweight
 * API, never {@code Security.addProvider}; AES-GCM on the data path is the JDK's (hardware AES); secret-bearing types
 * redact {@code toString()}; no key, password or plaintext reaches a log line or an exception message; passwords are
 * {@code char[]} and are cleared after use; files holding secrets are written atomically and owner-only. Failures a
 * caller handles are {@link org.entsso.sso.SsoException}s with ENTSSO event ids. Types in
 * {@code org.entsso.sso.crypto.internal} are not API.
 */
package org.entsso.sso.crypto;
