package org.sshwire.sftp;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The filesystem seam of the SFTP server: one method per SFTP operation, each defaulting to
 * SSH_FX_OP_UNSUPPORTED, so an implementation provides only what it supports. Paths are the
 * client's strings, exactly as received; the implementation resolves and confines them.
 * Methods may block: the server engine never calls them under its lock, but on its file
 * worker threads. Failures are {@link SftpException}s (status chosen by the
 * implementation) or other {@link IOException}s (mapped as OpenSSH maps errno).
 *
 * <pre>{@code
 * SftpFileSystem fs = RootedFileSystem.at(Path.of("/srv/sftp"));
 * SftpFileSystem readOnly = new SftpFileSystem() {
 *     public FileAttributes stat(String path) { return FileAttributes.EMPTY.withSize(0); }
 * };
 * }</pre>
 */
public interface SftpFileSystem {

    /** An open file (SSH_FXP_OPEN). Closing commits it; {@link #abort()} discards pending work. */
    interface File extends Closeable {
        /** Reads up to {@code len} bytes at {@code offset}; -1 at end of file. */
        default int read(long offset, byte[] buf, int off, int len) throws IOException {
            throw unsupported();
        }

        /**
         * Like {@link #read(long, byte[], int, int)}, into {@code dst}'s remaining bytes, advancing
         * its position; -1 at end of file. The server reads into direct buffers through this, so
         * a file backed by a channel can skip the JDK's copy through a temporary direct buffer.
         */
        default int read(long offset, java.nio.ByteBuffer dst) throws IOException {
            int len = dst.remaining();
            if (dst.hasArray()) {
                int n = read(offset, dst.array(), dst.arrayOffset() + dst.position(), len);
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
                return n;
            }
            byte[] tmp = new byte[len];
            int n = read(offset, tmp, 0, len);
            if (n > 0) {
                dst.put(tmp, 0, n);
            }
            return n;
        }

        default void write(long offset, byte[] buf, int off, int len) throws IOException {
            throw unsupported();
        }

        default FileAttributes stat() throws IOException {
            throw unsupported();
        }

        default void setStat(FileAttributes attrs) throws IOException {
            throw unsupported();
        }

        /** fsync@openssh.com. */
        default void sync() throws IOException {
            throw unsupported();
        }

        /** fstatvfs@openssh.com. */
        default StatVfs statVfs() throws IOException {
            throw unsupported();
        }

        /** The session ended without CLOSE: release the file, discarding an unfinished upload. */
        default void abort() throws IOException {
            close();
        }
    }

    /** An open directory (SSH_FXP_OPENDIR). */
    interface Directory extends Closeable {
        /** The next entries (at most {@code max}); an empty list at the end. */
        List<NameEntry> read(int max) throws IOException;
    }

    default File open(String path, int pflags, FileAttributes attrs) throws IOException {
        throw unsupported();
    }

    default Directory openDirectory(String path) throws IOException {
        throw unsupported();
    }

    default FileAttributes stat(String path) throws IOException {
        throw unsupported();
    }

    default FileAttributes lstat(String path) throws IOException {
        throw unsupported();
    }

    default void setStat(String path, FileAttributes attrs) throws IOException {
        throw unsupported();
    }

    /** lsetstat@openssh.com: like setStat but does not follow a final symlink. */
    default void lsetStat(String path, FileAttributes attrs) throws IOException {
        throw unsupported();
    }

    default void remove(String path) throws IOException {
        throw unsupported();
    }

    default void mkdir(String path, FileAttributes attrs) throws IOException {
        throw unsupported();
    }

    default void rmdir(String path) throws IOException {
        throw unsupported();
    }

    /** SSH_FXP_REALPATH: the canonical absolute form of {@code path}. */
    default String realPath(String path) throws IOException {
        throw unsupported();
    }

    default String readLink(String path) throws IOException {
        throw unsupported();
    }

    /** SSH_FXP_RENAME: fails if {@code newPath} exists (draft §6.5). */
    default void rename(String oldPath, String newPath) throws IOException {
        throw unsupported();
    }

    /** posix-rename@openssh.com: rename(2), replacing {@code newPath}. */
    default void posixRename(String oldPath, String newPath) throws IOException {
        throw unsupported();
    }

    /** SSH_FXP_SYMLINK: create {@code linkPath} pointing at {@code targetPath}. */
    default void symlink(String targetPath, String linkPath) throws IOException {
        throw unsupported();
    }

    /** hardlink@openssh.com. */
    default void hardlink(String oldPath, String newPath) throws IOException {
        throw unsupported();
    }

    /** statvfs@openssh.com. */
    default StatVfs statVfs(String path) throws IOException {
        throw unsupported();
    }

    /** expand-path@openssh.com: realpath after expanding a leading {@code ~}. */
    default String expandPath(String path) throws IOException {
        throw unsupported();
    }

    /** home-directory: the home of {@code user}, as a path of this file system. */
    default String homeDirectory(String user) throws IOException {
        throw unsupported();
    }

    /** users-groups-by-id@openssh.com: the user name of {@code uid}, or "" if unknown. */
    default String userName(long uid) {
        return "";
    }

    /** users-groups-by-id@openssh.com: the group name of {@code gid}, or "" if unknown. */
    default String groupName(long gid) {
        return "";
    }

    /** The exception every default throws. */
    static SftpException unsupported() {
        return new SftpException(StatusCode.OP_UNSUPPORTED);
    }
}
