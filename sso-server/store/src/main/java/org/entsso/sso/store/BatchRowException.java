package org.entsso.sso.store;

import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/** A batch refused because of one of its rows: {@link #row()} is its 0-based position in the list given. */
public final class BatchRowException extends SsoException {
    private static final long serialVersionUID = 1L;

    private final int row;

    public BatchRowException(int row, SsoError error, String detail) {
        super(error, detail);
        this.row = row;
    }

    /** The 0-based position of the refused row. */
    public int row() {
        return row;
    }
}
