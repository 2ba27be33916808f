/**
 * ENTSSO's administration command lines over the HTTPS API: {@code ssomanage} (SSO, affiliate and application
 * administrators) and {@code ssoclient} (end users, their own mappings only), and the XML files they read and write
 * ({@code org.entsso.sso.admin.xml}). They need only the client library.
 */
package org.entsso.sso.admin;
