package org.sshwire.sftp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.SftpFileSystem;
import org.sshwire.sftp.StatVfs;

/** An open regular file, read and written in place (a {@link StagedUpload} wraps one for its temp file). */
public final class NioSftpFile implements SftpFileSystem.File {
    private final FileChannel ch;
    private final Path path;
    private final NioAttributes attributes;
    /**
     * SSH_FXF_APPEND: OpenSSH's sftp-server opens with O_APPEND and skips the lseek before each
     * write (process_write), so every WRITE goes to the end whatever its offset says.
     */
    private final boolean append;
    /** The channel was opened with StandardOpenOption.APPEND: the kernel appends (atomically). */
    private final boolean appendChannel;

    public NioSftpFile(FileChannel ch, Path path, NioAttributes attributes) {
        this(ch, path, attributes, false, false);
    }

    /**
     * @param append writes go to the end of the file
     * @param appendChannel {@code ch} was opened with {@link java.nio.file.StandardOpenOption#APPEND}
     *     (O_APPEND: each write lands at the end atomically, as with OpenSSH); otherwise, as Java
     *     refuses READ with APPEND, each write goes to the channel's size at the time
     */
    public NioSftpFile(FileChannel ch, Path path, NioAttributes attributes, boolean append, boolean appendChannel) {
        this.ch = ch;
        this.path = path;
        this.attributes = attributes;
        this.append = append;
        this.appendChannel = appendChannel;
    }

    FileChannel channel() {
        return ch;
    }

    @Override
    public int read(long offset, byte[] buf, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
        while (bb.hasRemaining()) {
            int n = ch.read(bb, offset + bb.position() - off);
            if (n < 0) {
                break;
            }
        }
        int got = bb.position() - off;
        return got == 0 && len > 0 ? -1 : got;
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        int start = dst.position();
        int len = dst.remaining();
        while (dst.hasRemaining()) {
            int n = ch.read(dst, offset + dst.position() - start);
            if (n < 0) {
                break;
            }
        }
        int got = dst.position() - start;
        return got == 0 && len > 0 ? -1 : got;
    }

    @Override
    public void write(long offset, byte[] buf, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
        if (append) {
            synchronized (this) {
                long end = appendChannel ? 0 : ch.size();
                while (bb.hasRemaining()) {
                    if (appendChannel) {
                        ch.write(bb);
                    } else {
                        end += ch.write(bb, end);
                    }
                }
            }
            return;
        }
        while (bb.hasRemaining()) {
            ch.write(bb, offset + bb.position() - off);
        }
    }

    @Override
    public FileAttributes stat() throws IOException {
        return attributes.read(path, false);
    }

    @Override
    public void setStat(FileAttributes attrs) throws IOException {
        if (attrs.has(FileAttributes.SIZE)) {
            NioAttributes.setSize(ch, attrs.size());
        }
        attributes.write(path, new FileAttributes(attrs.flags() & ~FileAttributes.SIZE, 0, attrs.uid(),
                attrs.gid(), attrs.permissions(), attrs.atime(), attrs.mtime(), attrs.extended()), false);
    }

    @Override
    public void sync() throws IOException {
        ch.force(true);
    }

    @Override
    public StatVfs statVfs() throws IOException {
        return NioAttributes.statVfsOf(path);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
