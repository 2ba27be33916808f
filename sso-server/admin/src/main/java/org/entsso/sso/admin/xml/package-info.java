/**
 * ENTSSO's XML files for ssomanage (sso-server/admin/docs/xml.md): applications, mappings and global info, read all or
 * nothing against {@code sso.xsd} with every problem's line and column, and written so that the readers accept them.
 * The public API is {@link org.entsso.sso.admin.xml.SsoXml}, its records and {@link
 * org.entsso.sso.admin.xml.SsoXmlException}; the package-private classes are its internals.
 */
package org.entsso.sso.admin.xml;
