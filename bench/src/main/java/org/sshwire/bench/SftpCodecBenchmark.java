package org.sshwire.bench;

import org.sshwire.sftp.NameEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.OpenFlags;
import org.sshwire.sftp.SftpFileSystem;
import org.sshwire.sftp.internal.SftpOperation;
import org.sshwire.sftp.internal.SftpPacket;
import org.sshwire.sftp.SftpServerConfig;
import org.sshwire.sftp.internal.SftpServerEngine;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;

/**
 * The SFTP v3 codec (draft-ietf-secsh-filexfer-02) as each end runs it. One operation is:
 *
 * <ul>
 * <li>{@code server*}: one request through {@link SftpServerEngine} as a driver runs it: framed
 *     bytes in, the operation run, the framed reply out. Over {@link MemoryFs}, so the score is
 *     framing, decoding, dispatch and reply encoding, not a file system. {@code serverWrite}: a
 *     32 KiB WRITE (the engine's copy-free WRITE path) answered by STATUS; {@code serverRead}: a
 *     32 KiB READ answered by DATA, read straight into a pooled frame, copied out and the frame
 *     handed back, as the driver does; {@code serverStat}: STAT answered by ATTRS;
 *     {@code serverReaddir}: READDIR answered by NAME with 100 entries, each with every v3
 *     attribute (OpenSSH's batch).</li>
 * <li>{@code client*}: what {@code SftpClient} does with one packet: encode a 32 KiB WRITE
 *     request, or decode (leniently, as its reader thread does) a 32 KiB DATA, that NAME, or an
 *     ATTRS reply.</li>
 * </ul>
 *
 * <p>Run with {@code java -jar bench/target/benchmarks.jar SftpCodecBenchmark}. Scores are average
 * nanoseconds per operation (lower is better); for the 32 KiB ones MB/s = 32768 × 1000 / score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SftpCodecBenchmark {
    static final int DATA = 32 * 1024;
    static final int ENTRIES = 100;
    /** Every v3 attribute (§5), as a STAT of a regular file gives them. */
    static final FileAttributes ATTRS = new FileAttributes(
            FileAttributes.SIZE | FileAttributes.UIDGID | FileAttributes.PERMISSIONS | FileAttributes.ACMODTIME,
            DATA, 1000, 1000, FileAttributes.S_IFREG | 0644, 1_700_000_000L, 1_700_000_000L, List.of());

    final MemoryFs fs = new MemoryFs();
    SftpServerEngine engine;
    final byte[] payload = new byte[DATA];
    SftpPacket.Write write;
    byte[] writeFrame;
    byte[] readFrame;
    byte[] statFrame;
    byte[] readdirFrame;
    /** Where serverRead copies its reply to, as the driver copies it into the channel's output. */
    final byte[] readReply = new byte[13 + DATA];
    /** Replies as the client's reader gets them: {@code type, data}, without the length. */
    byte[] dataReply;
    byte[] nameReply;
    byte[] attrsReply;

    @Setup
    public void setup() {
        KexBenchmark.CRYPTO.random().nextBytes(payload);
        engine = new SftpServerEngine(fs, SftpServerConfig.defaults());
        roundTrip(new SftpPacket.Init(3, List.of()).toFrame());
        Bytes file = handle(roundTrip(new SftpPacket.Open(1, "/file", OpenFlags.READ | OpenFlags.WRITE, FileAttributes.EMPTY).toFrame()));
        Bytes dir = handle(roundTrip(new SftpPacket.Opendir(2, "/dir").toFrame()));
        write = new SftpPacket.Write(3, file, 0, Bytes.wrap(payload));
        writeFrame = write.toFrame();
        readFrame = new SftpPacket.Read(4, file, 0, DATA).toFrame();
        statFrame = new SftpPacket.Stat(5, "/file").toFrame();
        readdirFrame = new SftpPacket.Readdir(6, dir).toFrame();
        dataReply = unframe(new SftpPacket.Data(4, Bytes.wrap(payload)).toFrame());
        nameReply = unframe(new SftpPacket.Name(6, fs.entries).toFrame());
        attrsReply = unframe(new SftpPacket.Attrs(5, ATTRS).toFrame());
    }

    /** One request through the engine; its single reply (the engine answers each in turn). */
    ByteBuffer roundTrip(byte[] frame) {
        engine.receive(ByteBuffer.wrap(frame));
        for (SftpOperation op; (op = engine.pollOperation()) != null; ) {
            op.run();
            engine.complete(op);
        }
        return engine.pollTransmit();
    }

    private static Bytes handle(ByteBuffer reply) {
        byte[] frame = new byte[reply.remaining()];
        reply.get(frame);
        return ((SftpPacket.Handle) SftpPacket.decode(unframe(frame))).handle();
    }

    static byte[] unframe(byte[] frame) {
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    @Benchmark
    public ByteBuffer serverWrite() {
        return roundTrip(writeFrame);
    }

    @Benchmark
    public byte[] serverRead() {
        ByteBuffer reply = roundTrip(readFrame);
        reply.get(readReply, 0, reply.remaining());
        engine.recycle(reply);
        return readReply;
    }

    @Benchmark
    public ByteBuffer serverStat() {
        return roundTrip(statFrame);
    }

    @Benchmark
    public ByteBuffer serverReaddir() {
        return roundTrip(readdirFrame);
    }

    @Benchmark
    public byte[] clientEncodeWrite() {
        return write.toFrame();
    }

    @Benchmark
    public SftpPacket clientDecodeData() {
        return SftpPacket.decode(new SshReader(dataReply).lenient());
    }

    @Benchmark
    public SftpPacket clientDecodeName() {
        return SftpPacket.decode(new SshReader(nameReply).lenient());
    }

    @Benchmark
    public SftpPacket clientDecodeAttrs() {
        return SftpPacket.decode(new SshReader(attrsReply).lenient());
    }

    /**
     * One 32 KiB file and one directory that lists the same 100 entries on every READDIR (never
     * EOF), held in memory; any path names them.
     */
    static final class MemoryFs implements SftpFileSystem {
        final byte[] content = new byte[DATA];
        final List<NameEntry> entries = new ArrayList<>();

        MemoryFs() {
            for (int i = 0; i < ENTRIES; i++) {
                String name = String.format("file-%03d.dat", i);
                // The ls -l style longname OpenSSH's server sends (§7).
                entries.add(new NameEntry(name, "-rw-r--r--    1 1000     1000        32768 Nov 14 22:13 " + name, ATTRS));
            }
        }

        @Override
        public File open(String path, int pflags, FileAttributes attrs) {
            return new File() {
                @Override
                public int read(long offset, byte[] buf, int off, int len) {
                    int n = available(offset, len);
                    if (n > 0) {
                        System.arraycopy(content, (int) offset, buf, off, n);
                    }
                    return n;
                }

                @Override
                public int read(long offset, ByteBuffer dst) {
                    // The engine reads into a direct frame; the default would copy through an array.
                    int n = available(offset, dst.remaining());
                    if (n > 0) {
                        dst.put(content, (int) offset, n);
                    }
                    return n;
                }

                @Override
                public void write(long offset, byte[] buf, int off, int len) {
                    int n = available(offset, len);
                    if (n > 0) {
                        System.arraycopy(buf, off, content, (int) offset, n);
                    }
                }

                @Override
                public FileAttributes stat() {
                    return ATTRS;
                }

                @Override
                public void close() {
                }
            };
        }

        private int available(long offset, int len) {
            return offset >= DATA ? -1 : (int) Math.min(len, DATA - offset);
        }

        @Override
        public Directory openDirectory(String path) {
            return new Directory() {
                @Override
                public List<NameEntry> read(int max) {
                    return entries.subList(0, Math.min(max, entries.size()));
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public FileAttributes stat(String path) {
            return ATTRS;
        }
    }
}
