package org.entsso.sso.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.BackupFile;

/**
 * The backup file on the administrator's disk. A new backup is prepared before the master secret server is asked for
 * it (the target must not exist unless {@code --force}; an owner-only temporary file is created next to it, so an
 * unwritable folder fails before a secret is generated), then written, flushed and moved into place. Reading refuses
 * a missing file and anything larger than a backup can be.
 */
final class BackupFileIo {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private BackupFileIo() {}

    /** A reserved temporary file for {@code target}; {@link #commit} writes it, {@link #discard} removes it. */
    static final class Pending {
        private final Path target;
        private final Path temp;
        private final boolean replace;

        private Pending(Path target, Path temp, boolean replace) {
            this.target = target;
            this.temp = temp;
            this.replace = replace;
        }

        /** Writes {@code content} owner-only and moves it to the target; clears nothing (the caller owns it). */
        void commit(byte[] content) throws IOException {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (replace) {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                // A plain move (a rename in the same folder) that fails if the target appeared meanwhile.
                Files.move(temp, target);
            }
        }

        void discard() {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // The temporary file holds nothing yet, or an encrypted backup: say where it is, go on failing.
                System.err.println("Could not remove the temporary file " + temp + " (" + e.getMessage()
                        + "); delete it by hand.");
            }
        }
    }

    /** Reserves {@code target} for a new backup. */
    static Pending prepare(Path target, boolean force) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw invalid("The backup file " + absolute + " is a folder.");
        }
        if (!force && Files.exists(absolute)) {
            throw invalid("The backup file " + absolute + " already exists; choose another name or give --force.");
        }
        Path folder = absolute.getParent();
        if (!Files.isDirectory(folder)) {
            throw invalid("The folder " + folder + " of the backup file does not exist.");
        }
        try {
            String prefix = "." + absolute.getFileName();
            Path temp = folder.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(folder, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(folder, prefix, ".tmp");
            return new Pending(absolute, temp, force);
        } catch (IOException e) {
            throw invalid("Cannot write the backup file in " + folder + ": " + e.getMessage() + ".");
        }
    }

    /** The bytes of an existing backup file; the caller clears them. */
    static byte[] read(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(absolute)) {
                throw invalid("The backup file " + absolute + " is a folder.");
            }
            // Bounded, and checked here: a random 100 KB file used to reach the server as "request body too large",
            // a 900 KB one as an unreachable server, /dev/zero as an OutOfMemoryError (issue 9 item 11).
            return BackupFile.readBounded(absolute);
        } catch (NoSuchFileException e) {
            throw invalid("The backup file " + absolute + " does not exist.");
        } catch (IOException e) {
            throw invalid("Cannot read the backup file " + absolute + ": " + e.getMessage() + ".");
        }
    }

    private static SsoException invalid(String sentence) {
        return new SsoException(SsoError.INVALID_ARGUMENT, sentence);
    }
}
