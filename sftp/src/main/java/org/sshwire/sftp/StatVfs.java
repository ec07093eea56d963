package org.sshwire.sftp;

import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * The reply of {@code statvfs@openssh.com} / {@code fstatvfs@openssh.com} (OpenSSH PROTOCOL
 * §4.4): eleven uint64 fields of statvfs(2).
 *
 * <pre>{@code
 * StatVfs v = client.statVfs("/");
 * long freeBytes = v.availableBlocks() * v.fragmentSize();
 * }</pre>
 */
public record StatVfs(long blockSize, long fragmentSize, long blocks, long freeBlocks,
                      long availableBlocks, long files, long freeFiles, long availableFiles,
                      long fsid, long flags, long maxNameLength) {
    /** ST_RDONLY in {@link #flags}. */
    public static final long ST_RDONLY = 0x1;
    /** ST_NOSUID in {@link #flags}. */
    public static final long ST_NOSUID = 0x2;

    public void encode(SshWriter w) {
        w.writeUint64(blockSize).writeUint64(fragmentSize).writeUint64(blocks).writeUint64(freeBlocks)
                .writeUint64(availableBlocks).writeUint64(files).writeUint64(freeFiles)
                .writeUint64(availableFiles).writeUint64(fsid).writeUint64(flags).writeUint64(maxNameLength);
    }

    public static StatVfs decode(SshReader r) {
        return new StatVfs(r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64(),
                r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64());
    }
}
