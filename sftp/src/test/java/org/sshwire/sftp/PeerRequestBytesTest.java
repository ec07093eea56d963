package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.sftp.internal.SftpPacket;

/**
 * Requests exactly as real clients sent them (captured with {@code tee} in front of OpenSSH's
 * sftp-server), answered as OpenSSH's sftp-server answers them.
 */
class PeerRequestBytesTest {
    @TempDir
    Path root;
    EngineHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new EngineHarness(RootedFileSystem.at(root), SftpServerConfig.defaults()).init();
        assertInstanceOf(SftpPacket.Version.class, h.replies().get(0));
    }

    /** Sends {@code uint32 length} then the packet's bytes given in hex. */
    private List<SftpPacket> send(String packetHex) {
        h.feedRaw(Bytes.fromHex(String.format("%08x", packetHex.length() / 2) + packetHex).toArray());
        h.runAll();
        return h.replies();
    }

    /**
     * rclone 1.60 (pkg/sftp's File.ReadFrom) uploading 300000 bytes: OPEN WRITE|CREAT|TRUNC, ten
     * pipelined 32 KiB WRITEs, CLOSE. The last WRITE's frame is as long as the full ones (32793
     * bytes), its data string 5088 bytes long and followed by 27680 stale bytes of the previous
     * chunk. OpenSSH's sftp-server skips bytes after a request's fields; we answered BAD_MESSAGE
     * ("Update ReadFrom failed: sftp: \"Bad message\"").
     */
    @Test
    void rcloneLastWriteWithStaleBytesAfterItsDataIsWritten() throws Exception {
        byte[] src = new byte[300_000];
        new Random(16).nextBytes(src);
        // OPEN id 4 "/dst.bin" pflags 0x1a (WRITE|CREAT|TRUNC) attrs flags 0, as rclone sends it
        List<SftpPacket> r = send("03" + "00000004" + "00000008" + hex("/dst.bin") + "0000001a" + "00000000");
        Bytes handle = ((SftpPacket.Handle) r.get(0)).handle();
        for (int i = 0; i < 10; i++) {
            int off = i * 32768;
            int len = Math.min(32768, src.length - off);
            // Captured, with rclone's 4-byte handle: the last WRITE starts
            // 00008019 06 0000000e 00000004 00000000 0000000000048000 000013e0
            String head = String.format("%08x", 32789 + handle.length()) + "06" + String.format("%08x", 5 + i)
                    + String.format("%08x", handle.length()) + handle.toHex() + String.format("%016x", off)
                    + String.format("%08x", len);
            byte[] frame = new byte[4 + 32789 + handle.length()];
            byte[] h0 = Bytes.fromHex(head).toArray();
            System.arraycopy(h0, 0, frame, 0, h0.length);
            System.arraycopy(src, off, frame, h0.length, len);
            // pkg/sftp reuses its buffer: after a short last read, the previous chunk's tail follows
            System.arraycopy(src, off - 32768 + len, frame, h0.length + len, 32768 - len);
            h.feedRaw(frame);
        }
        h.runAll();
        List<SftpPacket> acks = h.replies();
        assertEquals(10, acks.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(SftpPacket.Status.of(5 + i, StatusCode.OK), acks.get(i));
        }
        assertEquals(SftpPacket.Status.of(15, StatusCode.OK), h.call(new SftpPacket.Close(15, handle)));
        assertArrayEquals(src, Files.readAllBytes(root.resolve("dst.bin")));
    }

    /** Stale bytes after the fields of any request are skipped too (sftp-server.c process()). */
    @Test
    void bytesAfterAnyRequestsFieldsAreSkipped() throws Exception {
        Files.writeString(root.resolve("f"), "x");
        // STAT id 7 "/f" plus two stray bytes
        assertInstanceOf(SftpPacket.Attrs.class, send("11" + "00000007" + "00000002" + hex("/f") + "abcd").get(0));
        // posix-rename@openssh.com id 8 "/f" "/g" plus one stray byte
        assertEquals(List.of(SftpPacket.Status.of(8, StatusCode.OK)), send("c8" + "00000008"
                + "00000018" + hex("posix-rename@openssh.com") + "00000002" + hex("/f") + "00000002" + hex("/g") + "ee"));
        assertEquals("x", Files.readString(root.resolve("g")));
    }

    /**
     * paramiko 2.12's {@code open(path, 'a+')} (pflags 0x0f, READ|WRITE|APPEND|CREAT) and
     * {@code open(path, 'a')} (0x0e) on a file holding "one\n": OPEN attrs flags 0, FSTAT,
     * WRITE "two\n" at the size it saw, CLOSE. Then a WRITE at offset 0 on the APPEND handle,
     * which OpenSSH's sftp-server (O_APPEND, no lseek) also puts at the end. We answered the
     * 'a+' OPEN with SSH_FX_FAILURE (Java refuses READ with APPEND).
     */
    @ParameterizedTest
    @ValueSource(strings = {"0000000f", "0000000e"})
    void paramikoAppendOpensAndAppends(String pflags) throws Exception {
        Files.writeString(root.resolve("app.txt"), "one\n");
        List<SftpPacket> r = send("03" + "00000004" + "00000008" + hex("/app.txt") + pflags + "00000000");
        Bytes handle = ((SftpPacket.Handle) r.get(0)).handle();
        String s = String.format("%08x", handle.length()) + handle.toHex();
        FileAttributes a = ((SftpPacket.Attrs) send("08" + "00000005" + s).get(0)).attrs();
        assertEquals(4, a.size());
        String write = "06" + "00000006" + s + "0000000000000004" + "00000004" + hex("two\n");
        assertEquals(List.of(SftpPacket.Status.of(6, StatusCode.OK)), send(write));
        String atZero = "06" + "00000007" + s + "0000000000000000" + "00000006" + hex("three\n");
        assertEquals(List.of(SftpPacket.Status.of(7, StatusCode.OK)), send(atZero));
        assertEquals(SftpPacket.Status.of(8, StatusCode.OK), h.call(new SftpPacket.Close(8, handle)));
        assertEquals("one\ntwo\nthree\n", Files.readString(root.resolve("app.txt")));
    }

    /** READ|WRITE|APPEND (paramiko's 'a+'), which Java cannot open with APPEND: still appends, and reads. */
    @Test
    void readWriteAppendAppendsAndReads() throws Exception {
        Files.writeString(root.resolve("log"), "a\n");
        Bytes handle = ((SftpPacket.Handle) h.call(new SftpPacket.Open(1, "log",
                OpenFlags.READ | OpenFlags.WRITE | OpenFlags.APPEND, FileAttributes.EMPTY))).handle();
        assertEquals(SftpPacket.Status.of(2, StatusCode.OK),
                h.call(new SftpPacket.Write(2, handle, 0, Bytes.utf8("b\n"))));
        SftpPacket.Data d = (SftpPacket.Data) h.call(new SftpPacket.Read(3, handle, 0, 100));
        assertEquals("a\nb\n", new String(d.data().toArray(), StandardCharsets.UTF_8));
        assertEquals(SftpPacket.Status.of(4, StatusCode.OK), h.call(new SftpPacket.Close(4, handle)));
        assertEquals("a\nb\n", Files.readString(root.resolve("log")));
    }

    private static String hex(String s) {
        return Bytes.utf8(s).toHex();
    }
}
