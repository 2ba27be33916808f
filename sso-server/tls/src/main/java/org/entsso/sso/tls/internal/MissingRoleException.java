package org.entsso.sso.tls.internal;

import java.security.cert.CertificateException;

/** The server's certificate validated but is not a node certificate with the role the client dialled for. */
public final class MissingRoleException extends CertificateException {
    private static final long serialVersionUID = 1L;

    MissingRoleException(String message) {
        super(message);
    }
}
