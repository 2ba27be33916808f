package org.entsso.sso.crypto.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Owner-only files written atomically: the bytes go to a temporary file created {@code rw-------} in the target's
 * folder, are forced to disk, and the temporary file is moved over the target with {@code ATOMIC_MOVE}. A reader sees
 * either the old file or the new one, never half of one. Thread-safe: stateless.
 */
public final class SecureFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private SecureFiles() {}

    /** Writes {@code content} to {@code target} atomically with owner-only permissions. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        Path temp = createOwnerOnlyTemp(folder, absolute.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path createOwnerOnlyTemp(Path folder, String name) throws IOException {
        if (isPosix(folder)) {
            return Files.createTempFile(folder, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        return Files.createTempFile(folder, "." + name, ".tmp");
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Reads a file that must be owner-only. Throws {@link FileProblem} with a sentence naming the path when the file
     * is missing, is not a regular file, lets group or others in, or cannot be read by its owner.
     */
    public static byte[] readOwnerOnly(Path file, String what) {
        if (!Files.exists(file)) {
            throw new FileProblem("the " + what + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new FileProblem("the " + what + " " + file + " is not a regular file");
        }
        if (isPosix(file)) {
            checkOwnerOnly(file, what);
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FileProblem("the " + what + " " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new FileProblem("the " + what + " " + file + " cannot be read by this process", e);
        } catch (FileSystemException e) {
            throw new FileProblem("the " + what + " " + file + " cannot be read: " + e.getReason(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " " + file, e);
        }
    }

    private static void checkOwnerOnly(Path file, String what) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getFileAttributeView(file, PosixFileAttributeView.class)
                    .readAttributes()
                    .permissions();
        } catch (IOException e) {
            throw new FileProblem("the permissions of the " + what + " " + file + " cannot be read", e);
        }
        EnumSet<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
        loose.addAll(permissions);
        loose.removeAll(EnumSet.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        if (!loose.isEmpty()) {
            throw new FileProblem("the " + what + " " + file + " is open to group or others ("
                    + PosixFilePermissions.toString(permissions) + "): make it owner-only, chmod 600 " + file);
        }
        // Checked explicitly: root passes access(2) even on a mode-000 file, but the owner bit says what was meant.
        if (!permissions.contains(PosixFilePermission.OWNER_READ)) {
            throw new FileProblem("the " + what + " " + file + " is not readable by its owner (chmod 600)");
        }
    }

    /** A file is missing, unreadable or too open; the message names the path and the fix, never the content. */
    public static final class FileProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public FileProblem(String message) {
            super(message);
        }

        public FileProblem(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
