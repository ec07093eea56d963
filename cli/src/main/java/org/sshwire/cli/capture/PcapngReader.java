package org.sshwire.cli.capture;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The pcapng format (draft-ietf-opsawg-pcapng): blocks of type, length, body, length. Reads
 * Section Header (byte order per section), Interface Description (link type, {@code if_tsresol}),
 * Enhanced, Simple and the obsolete Packet blocks; other blocks are skipped.
 */
final class PcapngReader {
    static final long SHB = 0x0A0D0D0AL;
    static final int IDB = 1;
    static final int PB = 2;
    static final int SPB = 3;
    static final int EPB = 6;
    static final int DSB = 10;
    /** Secrets type of an SSH key log in a Decryption Secrets Block ("SSHK"). */
    static final long SSH_KEY_LOG = 0x5353484BL;
    static final long BYTE_ORDER_MAGIC = 0x1A2B3C4DL;

    /** One interface of the current section. */
    private record Interface(int linkType, int snapLength, BigInteger unitsPerSecond) {
    }

    private final InputStream in;
    private boolean littleEndian;
    private final List<Interface> interfaces = new ArrayList<>();
    private long number;

    PcapngReader(InputStream in) {
        this.in = in;
    }

    void read(Consumer<Frame> frames, Consumer<String> sshKeyLog) throws IOException {
        sectionHeader(); // its type was the file's magic
        while (true) {
            byte[] head = in.readNBytes(8);
            if (head.length == 0) {
                return;
            }
            if (head.length < 8) {
                throw new CaptureException("truncated capture: block header has " + head.length + " of 8 bytes");
            }
            if (Bin.uint32(head, 0, false) == SHB) {
                sectionHeaderAfterType(head);
                continue;
            }
            long type = Bin.uint32(head, 0, littleEndian);
            byte[] body = body(Bin.uint32(head, 4, littleEndian), "block of type " + type);
            if (type == IDB) {
                interfaces.add(describe(body));
            } else if (type == EPB || type == PB || type == SPB) {
                frames.accept(packet((int) type, body));
            } else if (type == DSB) {
                secrets(body, sshKeyLog);
            }
        }
    }

    private void sectionHeader() throws IOException {
        byte[] rest = Bin.exactly(in, 4, "section header");
        byte[] head = new byte[8];
        head[0] = 0x0A;
        head[1] = 0x0D;
        head[2] = 0x0D;
        head[3] = 0x0A;
        System.arraycopy(rest, 0, head, 4, 4);
        sectionHeaderAfterType(head);
    }

    /** A new section: its own byte order and interfaces. */
    private void sectionHeaderAfterType(byte[] head) throws IOException {
        byte[] magic = Bin.exactly(in, 4, "section header byte-order magic");
        if (Bin.uint32(magic, 0, true) == BYTE_ORDER_MAGIC) {
            littleEndian = true;
        } else if (Bin.uint32(magic, 0, false) == BYTE_ORDER_MAGIC) {
            littleEndian = false;
        } else {
            throw new CaptureException("pcapng section header without its byte-order magic");
        }
        long total = Bin.uint32(head, 4, littleEndian);
        if (total < 28 || total % 4 != 0 || total > CaptureReader.MAX_FRAME) {
            throw new CaptureException("pcapng section header length " + total + " is invalid");
        }
        Bin.exactly(in, (int) total - 12, "section header");
        interfaces.clear();
    }

    /** The block's body, trailing length checked; {@code total} counts the 12 bytes of framing. */
    private byte[] body(long total, String what) throws IOException {
        if (total < 12 || total % 4 != 0 || total > CaptureReader.MAX_FRAME + 64L) {
            throw new CaptureException("pcapng " + what + " has invalid length " + total);
        }
        byte[] b = Bin.exactly(in, (int) total - 8, what);
        if (Bin.uint32(b, b.length - 4, littleEndian) != total) {
            throw new CaptureException("pcapng " + what + ": trailing length differs from leading length " + total);
        }
        return java.util.Arrays.copyOf(b, b.length - 4);
    }

    /** A Decryption Secrets Block: its SSH key log lines; other secrets types are not ours to read. */
    private void secrets(byte[] b, Consumer<String> sshKeyLog) {
        if (b.length < 8) {
            throw new CaptureException("pcapng decryption secrets block too short");
        }
        long length = Bin.uint32(b, 4, littleEndian);
        if (length > b.length - 8) {
            throw new CaptureException("pcapng decryption secrets block claims " + length + " bytes in a block of " + b.length);
        }
        if (Bin.uint32(b, 0, littleEndian) == SSH_KEY_LOG) {
            for (String line : new String(b, 8, (int) length, java.nio.charset.StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank()) {
                    sshKeyLog.accept(line.strip());
                }
            }
        }
    }

    private Interface describe(byte[] b) {
        if (b.length < 8) {
            throw new CaptureException("pcapng interface description block too short");
        }
        int linkType = Bin.uint16(b, 0, littleEndian);
        int snap = (int) Math.min(Integer.MAX_VALUE, Bin.uint32(b, 4, littleEndian));
        BigInteger units = BigInteger.valueOf(1_000_000); // default resolution: microseconds
        for (int off = 8; off + 4 <= b.length; ) {
            int code = Bin.uint16(b, off, littleEndian);
            int len = Bin.uint16(b, off + 2, littleEndian);
            if (code == 0 || off + 4 + len > b.length) {
                break;
            }
            if (code == 9 && len >= 1) { // if_tsresol: 10^-n, or 2^-n with the top bit set
                int r = b[off + 4] & 0xff;
                units = (r & 0x80) == 0 ? BigInteger.TEN.pow(Math.min(r, 30)) : BigInteger.TWO.pow(Math.min(r & 0x7f, 120));
            }
            off += 4 + (len + 3) / 4 * 4;
        }
        return new Interface(linkType, snap, units);
    }

    private Frame packet(int type, byte[] b) {
        number++;
        int headerLength = type == EPB ? 20 : type == PB ? 20 : 4;
        if (b.length < headerLength) {
            throw new CaptureException("pcapng packet block of frame " + number + " too short");
        }
        int iface = type == EPB ? (int) Bin.uint32(b, 0, littleEndian) : type == PB ? Bin.uint16(b, 0, littleEndian) : 0;
        if (iface >= interfaces.size()) {
            throw new CaptureException("frame " + number + " names interface " + iface + ", which the section does not describe");
        }
        Interface i = interfaces.get(iface);
        long captured;
        long time = 0;
        if (type == SPB) {
            captured = Math.min(b.length - 4, Math.min(i.snapLength() == 0 ? Integer.MAX_VALUE : i.snapLength(),
                    Bin.uint32(b, 0, littleEndian)));
        } else {
            long units = Bin.uint32(b, 4, littleEndian) << 32 | Bin.uint32(b, 8, littleEndian);
            time = new BigInteger(Long.toUnsignedString(units)).multiply(BigInteger.valueOf(1_000_000_000L))
                    .divide(i.unitsPerSecond()).longValue();
            captured = Bin.uint32(b, 12, littleEndian);
        }
        if (captured > b.length - headerLength) {
            throw new CaptureException("frame " + number + " claims " + captured + " captured bytes in a block of " + b.length);
        }
        return new Frame(i.linkType(), time, java.util.Arrays.copyOfRange(b, headerLength, headerLength + (int) captured), number);
    }
}
