package org.sshwire.transport.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Every wire type round-trips, and decoders are total over arbitrary input. */
class SshWireTypesProperties {

    @Property
    void uint32RoundTrips(@ForAll long v) {
        long u = v & 0xffffffffL;
        assertEquals(u, new SshReader(new SshWriter().writeUint32(u).toByteArray()).readUint32());
    }

    @Property
    void uint64RoundTrips(@ForAll long v) {
        assertEquals(v, new SshReader(new SshWriter().writeUint64(v).toByteArray()).readUint64());
    }

    @Property
    void byteAndBooleanRoundTrip(@ForAll byte b, @ForAll boolean z) {
        SshReader r = new SshReader(new SshWriter().writeByte(b).writeBoolean(z).toByteArray());
        assertEquals(b & 0xff, r.readByte());
        assertEquals(z, r.readBoolean());
        r.expectEnd();
    }

    @Property
    void stringRoundTrips(@ForAll @Size(max = 300) byte[] s) {
        assertEquals(Bytes.of(s), new SshReader(new SshWriter().writeString(s).toByteArray()).readString());
    }

    @Property
    void utf8RoundTrips(@ForAll String s) {
        // Lone surrogates cannot be encoded as UTF-8; Java replaces them, so compare re-decoded text.
        String canonical = Bytes.utf8(s).asUtf8();
        assertEquals(canonical, new SshReader(new SshWriter().writeUtf8(canonical).toByteArray()).readUtf8());
    }

    @Property
    void mpintRoundTripsStrictly(@ForAll BigInteger v) {
        SshReader r = new SshReader(new SshWriter().writeMpint(v).toByteArray());
        assertEquals(v, r.readMpint());
        r.expectEnd();
    }

    @Property
    void nameListRoundTrips(@ForAll("names") List<String> names) {
        assertEquals(names, new SshReader(new SshWriter().writeNameList(names).toByteArray()).readNameList());
    }

    @Provide
    Arbitrary<List<String>> names() {
        return Arbitraries.strings().withCharRange('!', '~').excludeChars(',').ofMinLength(1).ofMaxLength(20)
                .list().ofMaxSize(10);
    }

    /** Any bytes, read as any type, give a value or a WireFormatException and nothing else. */
    @Property(tries = 2000)
    void readerIsTotal(@ForAll @Size(max = 64) byte[] input, @ForAll boolean lenient) {
        for (int type = 0; type < 8; type++) {
            SshReader r = new SshReader(input);
            if (lenient) {
                r.lenient();
            }
            try {
                switch (type) {
                    case 0 -> r.readString();
                    case 1 -> r.readMpint();
                    case 2 -> r.readNameList();
                    case 3 -> r.readUtf8();
                    case 4 -> r.readBoolean();
                    case 5 -> r.readUint64();
                    case 6 -> r.readUint32AsInt("n");
                    default -> r.expectEnd();
                }
            } catch (WireFormatException expected) {
                // the one permitted failure
            }
        }
    }
}
