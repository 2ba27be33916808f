/**
 * The lookup path's moving parts: the credential cache and the database health tracker. Not API: nothing here
 * appears in a signature of {@code org.entsso.sso.server}.
 */
package org.entsso.sso.server.internal;
