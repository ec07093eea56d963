package org.sshwire.auth.files;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/** The binary layout of PROTOCOL.krl: a header, then typed sections, read and written. */
final class KrlFormat {
    static final long MAGIC = 0x5353484b524c0a00L; // "SSHKRL\n\0"
    static final int FORMAT_VERSION = 1;
    static final int SECTION_CERTIFICATES = 1;
    static final int SECTION_EXPLICIT_KEY = 2;
    static final int SECTION_FINGERPRINT_SHA1 = 3;
    static final int SECTION_SIGNATURE = 4;
    static final int SECTION_FINGERPRINT_SHA256 = 5;
    static final int CERT_SERIAL_LIST = 0x20;
    static final int CERT_SERIAL_RANGE = 0x21;
    static final int CERT_SERIAL_BITMAP = 0x22;
    static final int CERT_KEY_ID = 0x23;

    private KrlFormat() {
    }

    static boolean hasMagic(byte[] b) {
        if (b.length < 8) {
            return false;
        }
        long m = 0;
        for (int i = 0; i < 8; i++) {
            m = m << 8 | (b[i] & 0xff);
        }
        return m == MAGIC;
    }

    static Krl decode(byte[] bytes) {
        try {
            SshReader r = new SshReader(bytes);
            if (r.readUint64() != MAGIC) {
                throw new IllegalArgumentException("not a KRL (bad magic)");
            }
            long format = r.readUint32();
            if (format != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported KRL format version " + format);
            }
            long version = r.readUint64();
            long generated = r.readUint64();
            r.readUint64(); // flags
            r.readString(); // reserved
            String comment = r.readString().asUtf8();
            Map<Bytes, Krl.CaSection> certs = new LinkedHashMap<>();
            Set<Bytes> explicit = new LinkedHashSet<>();
            Set<Bytes> sha1 = new LinkedHashSet<>();
            Set<Bytes> sha256 = new LinkedHashSet<>();
            boolean signatures = false;
            while (r.hasRemaining()) {
                int type = r.readByte();
                SshReader s = new SshReader(r.readString());
                if (signatures && type != SECTION_SIGNATURE) {
                    // krl.c ssh_krl_from_blob: signatures come last.
                    throw new IllegalArgumentException("KRL section " + type + " after a signature");
                }
                switch (type) {
                    case SECTION_CERTIFICATES -> certificates(s, certs);
                    case SECTION_EXPLICIT_KEY -> strings(s, explicit, 0, "explicit key");
                    case SECTION_FINGERPRINT_SHA1 -> strings(s, sha1, 20, "SHA-1 fingerprint");
                    case SECTION_FINGERPRINT_SHA256 -> strings(s, sha256, 32, "SHA-256 fingerprint");
                    case SECTION_SIGNATURE -> signatures = true; // not verified, as sshd (PROTOCOL.krl §5)
                    default -> throw new IllegalArgumentException("unsupported KRL section type " + type);
                }
            }
            Map<Bytes, Krl.CaSection> frozen = new LinkedHashMap<>();
            for (Krl.CaSection c : certs.values()) {
                frozen.put(c.caBlob(), new Krl.CaSection(c.caBlob(), merge(c.serialRanges()), Set.copyOf(c.keyIds())));
            }
            return new Krl(version, generated, comment, Map.copyOf(frozen), Set.copyOf(explicit), Set.copyOf(sha1), Set.copyOf(sha256));
        } catch (WireFormatException e) {
            throw new IllegalArgumentException("malformed KRL: " + e.getMessage(), e);
        }
    }

    private static void strings(SshReader s, Set<Bytes> into, int length, String what) {
        while (s.hasRemaining()) {
            Bytes b = s.readString();
            if (length != 0 ? b.length() != length : b.isEmpty()) {
                throw new IllegalArgumentException("KRL " + what + " of " + b.length() + " bytes");
            }
            into.add(b);
        }
    }

    private static void certificates(SshReader s, Map<Bytes, Krl.CaSection> into) {
        Bytes ca = s.readString();
        s.readString(); // reserved
        Krl.CaSection c = into.computeIfAbsent(ca, k -> new Krl.CaSection(k, new ArrayList<>(), new LinkedHashSet<>()));
        while (s.hasRemaining()) {
            int type = s.readByte();
            SshReader d = new SshReader(s.readString());
            switch (type) {
                case CERT_SERIAL_LIST -> {
                    while (d.hasRemaining()) {
                        long serial = d.readUint64();
                        c.serialRanges().add(range(serial, serial));
                    }
                }
                case CERT_SERIAL_RANGE -> {
                    c.serialRanges().add(range(d.readUint64(), d.readUint64()));
                    d.expectEnd();
                }
                case CERT_SERIAL_BITMAP -> bitmap(d, c.serialRanges());
                case CERT_KEY_ID -> {
                    while (d.hasRemaining()) {
                        c.keyIds().add(d.readString().asUtf8());
                    }
                }
                default -> throw new IllegalArgumentException("unsupported KRL certificate section type " + type);
            }
        }
    }

    /** krl.c: serial 0 and reversed ranges are invalid. */
    private static long[] range(long lo, long hi) {
        if (lo == 0 || Long.compareUnsigned(lo, hi) > 0) {
            throw new IllegalArgumentException("invalid KRL serial range " + Long.toUnsignedString(lo) + "-" + Long.toUnsignedString(hi));
        }
        return new long[] {lo, hi};
    }

    /** {@code uint64 offset || mpint bitmap}: bit i revokes serial offset + i; runs become ranges. */
    private static void bitmap(SshReader d, List<long[]> into) {
        long offset = d.readUint64();
        BigInteger bits = d.readMpint();
        d.expectEnd();
        if (bits.signum() < 0) {
            throw new IllegalArgumentException("negative KRL serial bitmap");
        }
        int n = bits.bitLength();
        if (n > 0 && Long.compareUnsigned(offset + n - 1, offset) < 0) {
            throw new IllegalArgumentException("KRL serial bitmap runs past the largest serial");
        }
        int i = bits.getLowestSetBit(); // -1 for an empty bitmap
        while (i >= 0 && i < n) {
            int j = i;
            while (j + 1 < n && bits.testBit(j + 1)) {
                j++;
            }
            into.add(range(offset + i, offset + j));
            int next = j + 1;
            while (next < n && !bits.testBit(next)) {
                next++;
            }
            i = next < n ? next : -1;
        }
    }

    /** Sorted, with overlapping and adjacent ranges joined. */
    static List<long[]> merge(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing((long[] r) -> r[0], Long::compareUnsigned));
        List<long[]> out = new ArrayList<>();
        for (long[] r : sorted) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last[1] != -1L && Long.compareUnsigned(r[0], last[1] + 1) <= 0) {
                if (Long.compareUnsigned(r[1], last[1]) > 0) {
                    last[1] = r[1];
                }
            } else if (last != null && last[1] == -1L) {
                continue; // the last range already reaches the largest serial
            } else {
                out.add(new long[] {r[0], r[1]});
            }
        }
        return List.copyOf(out);
    }

    static byte[] encode(Krl k, long generated) {
        SshWriter w = new SshWriter().writeUint64(MAGIC).writeUint32(FORMAT_VERSION).writeUint64(k.version)
                .writeUint64(generated).writeUint64(0).writeString(Bytes.EMPTY).writeUtf8(k.comment);
        List<Krl.CaSection> sections = new ArrayList<>(k.certificates.values());
        sections.sort(Comparator.comparing(Krl.CaSection::caBlob));
        for (Krl.CaSection c : sections) {
            SshWriter s = new SshWriter().writeString(c.caBlob()).writeString(Bytes.EMPTY);
            SshWriter singles = new SshWriter();
            for (long[] r : c.serialRanges()) {
                if (r[0] == r[1]) {
                    singles.writeUint64(r[0]);
                } else {
                    s.writeByte(CERT_SERIAL_RANGE).writeString(new SshWriter().writeUint64(r[0]).writeUint64(r[1]).toBytes());
                }
            }
            if (singles.toByteArray().length > 0) {
                s.writeByte(CERT_SERIAL_LIST).writeString(singles.toBytes());
            }
            if (!c.keyIds().isEmpty()) {
                SshWriter ids = new SshWriter();
                c.keyIds().stream().sorted().forEach(ids::writeUtf8);
                s.writeByte(CERT_KEY_ID).writeString(ids.toBytes());
            }
            w.writeByte(SECTION_CERTIFICATES).writeString(s.toBytes());
        }
        section(w, SECTION_EXPLICIT_KEY, k.explicitKeys);
        section(w, SECTION_FINGERPRINT_SHA1, k.sha1);
        section(w, SECTION_FINGERPRINT_SHA256, k.sha256);
        return w.toByteArray();
    }

    private static void section(SshWriter w, int type, Set<Bytes> items) {
        if (items.isEmpty()) {
            return;
        }
        SshWriter s = new SshWriter();
        items.stream().sorted().forEach(s::writeString);
        w.writeByte(type).writeString(s.toBytes());
    }
}
