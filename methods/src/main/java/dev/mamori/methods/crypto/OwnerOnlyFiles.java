package dev.mamori.methods.crypto;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner may read or write (POSIX {@code rw-------}): where secret keys live. Every key file format of
 * the project (block-wise keys, encryption-scheme keys) writes through here, so the permissions are set before any
 * material reaches the disk.
 */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private OwnerOnlyFiles() {}

    /**
     * Writes {@code bytes} to {@code file}, which must not exist yet (a key is never overwritten by accident): a
     * temporary file is created owner-only in the same directory, filled, then moved into place.
     */
    public static void writeNew(Path file, byte[] bytes) throws IOException {
        if (Files.exists(file)) throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite an existing key file");
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp;
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        if (posix) {
            tmp = Files.createTempFile(dir, ".key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            tmp = Files.createTempFile(dir, ".key-", ".tmp");
            restrictToOwner(tmp);
        }
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether {@code file} can be read or written by its owner only (always true where POSIX permissions do not exist). */
    public static boolean isOwnerOnly(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) return true;
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        return perms.stream().allMatch(p -> p.name().startsWith("OWNER_"));
    }

    private static void restrictToOwner(Path p) throws IOException {
        var f = p.toFile();
        boolean ok = f.setReadable(false, false) & f.setReadable(true, true) & f.setWritable(false, false)
                & f.setWritable(true, true) & f.setExecutable(false, false);
        if (!ok) throw new IOException("cannot restrict permissions of " + p + " to its owner");
    }
}
