package org.sshwire.sftp;

import java.util.List;
import java.util.Objects;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * The ATTRS structure of draft-ietf-secsh-filexfer-02 §5: a flags word saying which fields are
 * present, then size, uid/gid, permissions, atime/mtime and extended pairs.
 *
 * <p>Fields whose flag is clear are zero, so equal attributes compare equal. Unknown flag bits
 * are kept as received (they carry no data in v3, §5 defines no others).
 *
 * <pre>{@code
 * FileAttributes a = FileAttributes.EMPTY.withPermissions(0644).withTimes(1700000000, 1700000000);
 * a.has(FileAttributes.PERMISSIONS);   // true
 * }</pre>
 *
 * @param flags       SSH_FILEXFER_ATTR_* bits
 * @param size        uint64 size (SIZE)
 * @param uid         uint32 (UIDGID)
 * @param gid         uint32 (UIDGID)
 * @param permissions uint32 st_mode bits including the file type (PERMISSIONS)
 * @param atime       uint32 seconds since the epoch (ACMODTIME)
 * @param mtime       uint32 seconds since the epoch (ACMODTIME)
 * @param extended    extended_type / extended_data pairs (EXTENDED)
 */
public record FileAttributes(int flags, long size, long uid, long gid, long permissions,
                             long atime, long mtime, List<ExtensionPair> extended) {
    public static final int SIZE = 0x00000001;
    public static final int UIDGID = 0x00000002;
    public static final int PERMISSIONS = 0x00000004;
    public static final int ACMODTIME = 0x00000008;
    public static final int EXTENDED = 0x80000000;

    /** st_mode file-type bits as OpenSSH sends them (sys/stat.h). */
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    /** No attributes at all (flags 0). */
    public static final FileAttributes EMPTY = new FileAttributes(0, 0, 0, 0, 0, 0, 0, List.of());

    public FileAttributes {
        Objects.requireNonNull(extended, "extended");
        size = (flags & SIZE) != 0 ? size : 0;
        uid = (flags & UIDGID) != 0 ? checkU32(uid, "uid") : 0;
        gid = (flags & UIDGID) != 0 ? checkU32(gid, "gid") : 0;
        permissions = (flags & PERMISSIONS) != 0 ? checkU32(permissions, "permissions") : 0;
        atime = (flags & ACMODTIME) != 0 ? checkU32(atime, "atime") : 0;
        mtime = (flags & ACMODTIME) != 0 ? checkU32(mtime, "mtime") : 0;
        extended = (flags & EXTENDED) != 0 ? List.copyOf(extended) : List.of();
    }

    private static long checkU32(long v, String what) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException(what + " is not a uint32: " + v);
        }
        return v;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public FileAttributes withSize(long newSize) {
        return new FileAttributes(flags | SIZE, newSize, uid, gid, permissions, atime, mtime, extended);
    }

    public FileAttributes withOwner(long newUid, long newGid) {
        return new FileAttributes(flags | UIDGID, size, newUid, newGid, permissions, atime, mtime, extended);
    }

    public FileAttributes withPermissions(long mode) {
        return new FileAttributes(flags | PERMISSIONS, size, uid, gid, mode, atime, mtime, extended);
    }

    public FileAttributes withTimes(long newAtime, long newMtime) {
        return new FileAttributes(flags | ACMODTIME, size, uid, gid, permissions, newAtime, newMtime, extended);
    }

    public FileAttributes withExtended(List<ExtensionPair> pairs) {
        return new FileAttributes(flags | EXTENDED, size, uid, gid, permissions, atime, mtime, pairs);
    }

    public boolean isDirectory() {
        return has(PERMISSIONS) && (permissions & S_IFMT) == S_IFDIR;
    }

    public boolean isRegularFile() {
        return has(PERMISSIONS) && (permissions & S_IFMT) == S_IFREG;
    }

    public boolean isSymbolicLink() {
        return has(PERMISSIONS) && (permissions & S_IFMT) == S_IFLNK;
    }

    /** Writes the §5 layout. */
    public void encode(SshWriter w) {
        w.writeUint32(flags & 0xffffffffL);
        if (has(SIZE)) {
            w.writeUint64(size);
        }
        if (has(UIDGID)) {
            w.writeUint32(uid).writeUint32(gid);
        }
        if (has(PERMISSIONS)) {
            w.writeUint32(permissions);
        }
        if (has(ACMODTIME)) {
            w.writeUint32(atime).writeUint32(mtime);
        }
        if (has(EXTENDED)) {
            w.writeUint32(extended.size());
            for (ExtensionPair p : extended) {
                p.encode(w);
            }
        }
    }

    /** Reads the §5 layout; the extended count is bounded by the bytes that remain. */
    public static FileAttributes decode(SshReader r) {
        int flags = (int) r.readUint32();
        long size = (flags & SIZE) != 0 ? r.readUint64() : 0;
        long uid = 0;
        long gid = 0;
        if ((flags & UIDGID) != 0) {
            uid = r.readUint32();
            gid = r.readUint32();
        }
        long perms = (flags & PERMISSIONS) != 0 ? r.readUint32() : 0;
        long atime = 0;
        long mtime = 0;
        if ((flags & ACMODTIME) != 0) {
            atime = r.readUint32();
            mtime = r.readUint32();
        }
        List<ExtensionPair> ext = List.of();
        if ((flags & EXTENDED) != 0) {
            ext = ExtensionPair.decodeCounted(r);
        }
        return new FileAttributes(flags, size, uid, gid, perms, atime, mtime, ext);
    }

    /**
     * The mode as {@code ls -l} shows it, strmode(3) without its trailing space: a type letter,
     * then rwx triplets with s/S and t/T for setuid, setgid and sticky ("drwxr-xr-x").
     */
    public static String modeString(long mode) {
        char type = switch ((int) (mode & S_IFMT)) {
            case S_IFDIR -> 'd';
            case S_IFLNK -> 'l';
            case 0020000 -> 'c';
            case 0060000 -> 'b';
            case 0010000 -> 'p';
            case 0140000 -> 's';
            case S_IFREG -> '-';
            default -> '?';
        };
        StringBuilder b = new StringBuilder().append(type);
        triplet(b, mode >> 6, (mode & 04000) != 0, 's');
        triplet(b, mode >> 3, (mode & 02000) != 0, 's');
        triplet(b, mode, (mode & 01000) != 0, 't');
        return b.toString();
    }

    private static void triplet(StringBuilder b, long bits, boolean special, char specialChar) {
        b.append((bits & 4) != 0 ? 'r' : '-');
        b.append((bits & 2) != 0 ? 'w' : '-');
        boolean x = (bits & 1) != 0;
        b.append(special ? (x ? specialChar : Character.toUpperCase(specialChar)) : (x ? 'x' : '-'));
    }
}
