package org.sshwire.cli.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The classic libpcap format (draft-ietf-opsawg-pcap): a 24-byte file header, then per frame a
 * 16-byte record header and the captured bytes; microsecond or nanosecond timestamps by magic,
 * either byte order.
 */
final class PcapReader {
    private final InputStream in;
    private final boolean littleEndian;
    private final boolean nanos;

    PcapReader(InputStream in, byte[] magic) {
        this.in = in;
        long le = Bin.uint32(magic, 0, true);
        littleEndian = le == 0xA1B2C3D4L || le == 0xA1B23C4DL;
        nanos = Bin.uint32(magic, 0, littleEndian) == 0xA1B23C4DL;
    }

    void read(Consumer<Frame> frames) throws IOException {
        byte[] header = Bin.exactly(in, 20, "pcap file header");
        int linkType = (int) (Bin.uint32(header, 16, littleEndian) & 0x0FFFFFFF); // upper bits: FCS flags
        for (long number = 1; ; number++) {
            byte[] rec = in.readNBytes(16);
            if (rec.length == 0) {
                return;
            }
            if (rec.length < 16) {
                throw new CaptureException("truncated capture: record header of frame " + number + " has " + rec.length + " of 16 bytes");
            }
            long seconds = Bin.uint32(rec, 0, littleEndian);
            long fraction = Bin.uint32(rec, 4, littleEndian);
            long captured = Bin.uint32(rec, 8, littleEndian);
            if (captured > CaptureReader.MAX_FRAME) {
                throw new CaptureException("frame " + number + " claims " + captured + " captured bytes (more than "
                        + CaptureReader.MAX_FRAME + "): not a pcap file, or a corrupt one");
            }
            byte[] data = Bin.exactly(in, (int) captured, "frame " + number);
            frames.accept(new Frame(linkType, seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000), data, number));
        }
    }
}
