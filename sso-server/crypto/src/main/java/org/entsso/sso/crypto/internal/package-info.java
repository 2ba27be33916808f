/**
 * Implementation helpers of {@code org.entsso.sso.crypto}: the Bouncy Castle provider instance, the DRBG, Argon2id,
 * one-shot AES-GCM, binary readers and writers, owner-only atomic files, certificate minting and PEM. Not API: no type
 * here appears in a public signature of the crypto package.
 */
package org.entsso.sso.crypto.internal;
