package org.sshwire.cli.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads a pcap or pcapng file, whichever its first four bytes say it is, and hands each captured
 * frame to a consumer. Every length in the file is checked before anything is allocated for it.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(path)) {
 *     CaptureReader.read(in, frame -> ...);
 * }
 * }</pre>
 */
public final class CaptureReader {
    /** Larger than any snapshot length tcpdump or dumpcap use (262144), small enough to allocate. */
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private CaptureReader() {
    }

    /**
     * @throws CaptureException when the file is neither format, or is truncated or malformed
     */
    public static void read(InputStream raw, Consumer<Frame> frames) throws IOException {
        read(raw, frames, line -> { });
    }

    /**
     * Also hands over the SSH key log lines of pcapng Decryption Secrets Blocks (what
     * {@code sshwire ssh --record} and Wireshark's {@code editcap --inject-secrets} embed).
     *
     * @throws CaptureException when the file is neither format, or is truncated or malformed
     */
    public static void read(InputStream raw, Consumer<Frame> frames, Consumer<String> sshKeyLog) throws IOException {
        InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 1 << 16);
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new CaptureException("not a capture file: " + magic.length + " bytes");
        }
        long le = Bin.uint32(magic, 0, true);
        if (le == 0x0A0D0D0AL) {
            new PcapngReader(in).read(frames, sshKeyLog);
        } else if (le == 0xA1B2C3D4L || le == 0xA1B23C4DL || Bin.uint32(magic, 0, false) == 0xA1B2C3D4L
                || Bin.uint32(magic, 0, false) == 0xA1B23C4DL) {
            new PcapReader(in, magic).read(frames);
        } else {
            throw new CaptureException(String.format("not a pcap or pcapng file (magic %08x)", Bin.uint32(magic, 0, false)));
        }
    }
}
