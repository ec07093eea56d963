package org.sshwire.sftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.sftp.ExtensionPair;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.NameEntry;

class SftpPacketProperties {

    @Property(tries = 2000)
    void everyPacketRoundTripsThroughItsEncoding(@ForAll("packets") SftpPacket p) {
        assertEquals(p, SftpPacket.decode(p.encode().toArray()));
    }

    @Property(tries = 3000)
    void decoderIsTotalOnArbitraryBytes(@ForAll("garbage") byte[] bytes) {
        try {
            SftpPacket.decode(bytes);
        } catch (WireFormatException expected) {
            // the only exception allowed
        }
    }

    @Property(tries = 2000)
    void decoderIsTotalOnMutatedValidPackets(@ForAll("packets") SftpPacket p,
                                             @ForAll int position, @ForAll byte value) {
        byte[] b = p.encode().toArray();
        b[Math.floorMod(position, b.length)] = value;
        try {
            SftpPacket.decode(b);
        } catch (WireFormatException expected) {
            // fine
        }
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(64);
        Arbitrary<byte[]> typed = Combinators.combine(Arbitraries.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                15, 16, 17, 18, 19, 20, 101, 102, 103, 104, 105, 200, 201), random).as((t, rest) -> {
                    byte[] b = new byte[rest.length + 1];
                    b[0] = (byte) (int) t;
                    System.arraycopy(rest, 0, b, 1, rest.length);
                    return b;
                });
        return Arbitraries.oneOf(random, typed);
    }

    static Arbitrary<String> paths() {
        return Arbitraries.strings().ofMaxLength(20);
    }

    static Arbitrary<Bytes> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(Bytes::of);
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    static Arbitrary<ExtensionPair> pairs() {
        return Combinators.combine(paths(), bytes()).as(ExtensionPair::new);
    }

    static Arbitrary<FileAttributes> attrs() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.longs(), u32(), u32(), u32(), u32(), u32(),
                pairs().list().ofMaxSize(3)).as(FileAttributes::new);
    }

    @Provide
    Arbitrary<SftpPacket> packets() {
        Arbitrary<Integer> id = Arbitraries.integers();
        Arbitrary<List<ExtensionPair>> exts = pairs().list().ofMaxSize(3);
        return Arbitraries.oneOf(List.of(
            Combinators.combine(u32(), exts).as(SftpPacket.Init::new),
            Combinators.combine(u32(), exts).as(SftpPacket.Version::new),
            Combinators.combine(id, paths(), Arbitraries.integers(), attrs()).as(SftpPacket.Open::new),
            Combinators.combine(id, bytes()).as(SftpPacket.Close::new),
            Combinators.combine(id, bytes(), Arbitraries.longs(), u32()).as(SftpPacket.Read::new),
            Combinators.combine(id, bytes(), Arbitraries.longs(), bytes()).as(SftpPacket.Write::new),
            Combinators.combine(id, paths()).as(SftpPacket.Lstat::new),
            Combinators.combine(id, bytes()).as(SftpPacket.Fstat::new),
            Combinators.combine(id, paths(), attrs()).as(SftpPacket.Setstat::new),
            Combinators.combine(id, bytes(), attrs()).as(SftpPacket.Fsetstat::new),
            Combinators.combine(id, paths()).as(SftpPacket.Opendir::new),
            Combinators.combine(id, bytes()).as(SftpPacket.Readdir::new),
            Combinators.combine(id, paths()).as(SftpPacket.Remove::new),
            Combinators.combine(id, paths(), attrs()).as(SftpPacket.Mkdir::new),
            Combinators.combine(id, paths()).as(SftpPacket.Rmdir::new),
            Combinators.combine(id, paths()).as(SftpPacket.Realpath::new),
            Combinators.combine(id, paths()).as(SftpPacket.Stat::new),
            Combinators.combine(id, paths(), paths()).as(SftpPacket.Rename::new),
            Combinators.combine(id, paths()).as(SftpPacket.Readlink::new),
            Combinators.combine(id, paths(), paths()).as(SftpPacket.Symlink::new),
            Combinators.combine(id, paths(), bytes()).as(SftpPacket.Extended::new),
            Combinators.combine(id, u32(), paths(), paths()).as(SftpPacket.Status::new),
            Combinators.combine(id, bytes()).as(SftpPacket.Handle::new),
            Combinators.combine(id, bytes()).as(SftpPacket.Data::new),
            Combinators.combine(id, Combinators.combine(paths(), paths(), attrs()).as(NameEntry::new)
                    .list().ofMaxSize(3)).as(SftpPacket.Name::new),
            Combinators.combine(id, attrs()).as(SftpPacket.Attrs::new),
            Combinators.combine(id, bytes()).as(SftpPacket.ExtendedReply::new),
            Combinators.combine(Arbitraries.integers().between(21, 100), bytes()).as(SftpPacket.Raw::new)));
    }
}
