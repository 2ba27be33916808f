package org.entsso.sso.mss;

import java.util.Objects;
import java.util.UUID;

/**
 * A master secret's backup file as the master secret server hands it out (generate, backup): the MSID of the secret
 * it protects and the file's bytes, already sealed under the administrator's password (BackupFile format), so the raw
 * keys never leave the server. Save the bytes as the {@code .bak} file. Immutable; {@link #toString()} shows the MSID
 * and size only.
 *
 * @param msid the current MSID in the backup
 * @param backup the backup file's bytes
 */
public record SecretBackup(UUID msid, byte[] backup) {
    public SecretBackup {
        Objects.requireNonNull(msid, "msid");
        backup = backup.clone();
    }

    /** A copy of the backup file's bytes. */
    @Override
    public byte[] backup() {
        return backup.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretBackup other
                && msid.equals(other.msid)
                && java.util.Arrays.equals(backup, other.backup);
    }

    @Override
    public int hashCode() {
        return 31 * msid.hashCode() + java.util.Arrays.hashCode(backup);
    }

    @Override
    public String toString() {
        return "SecretBackup[msid=" + msid + ", " + backup.length + " bytes]";
    }
}
