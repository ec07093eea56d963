package org.sshwire.sftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.sftp.ExtensionPair;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.NameEntry;
import org.sshwire.sftp.OpenFlags;
import org.sshwire.sftp.StatusCode;

/**
 * Every packet type against bytes written out by hand from the layouts of
 * draft-ietf-secsh-filexfer-02 §4–§8 (and OpenSSH PROTOCOL §4.1 for SYMLINK).
 */
class SftpPacketGoldenBytesTest {
    // Building blocks, spelled out so each golden string can be checked against the draft.
    static final String ID7 = "00000007";
    static final String S_A = "00000001" + "61";            // string "a"
    static final String S_B = "00000001" + "62";            // string "b"
    static final String S_H = "00000002" + "6831";          // string "h1" (a handle)
    static final Bytes H = Bytes.utf8("h1");

    static Stream<Arguments> packets() {
        FileAttributes all = FileAttributes.EMPTY.withSize(0x0102030405060708L).withOwner(1000, 100)
                .withPermissions(0100644).withTimes(0x11223344L, 0x55667788L)
                .withExtended(List.of(ExtensionPair.of("x@y", "z")));
        String allHex = "8000000f" + "0102030405060708" + "000003e8" + "00000064" + "000081a4"
                + "11223344" + "55667788" + "00000001" + "00000003" + "784079" + "00000001" + "7a";
        return Stream.of(
            Arguments.of(new SftpPacket.Init(3, List.of()), "01" + "00000003"),
            Arguments.of(new SftpPacket.Init(3, List.of(ExtensionPair.of("e", "1"))),
                    "01" + "00000003" + "00000001" + "65" + "00000001" + "31"),
            Arguments.of(new SftpPacket.Version(3, List.of(ExtensionPair.of("posix-rename@openssh.com", "1"))),
                    "02" + "00000003" + "00000018" + hex("posix-rename@openssh.com") + "00000001" + "31"),
            Arguments.of(new SftpPacket.Open(7, "a", OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC,
                    FileAttributes.EMPTY.withPermissions(0644)),
                    "03" + ID7 + S_A + "0000001a" + "00000004" + "000001a4"),
            Arguments.of(new SftpPacket.Close(7, H), "04" + ID7 + S_H),
            Arguments.of(new SftpPacket.Read(7, H, 0x100000000L, 32768),
                    "05" + ID7 + S_H + "0000000100000000" + "00008000"),
            Arguments.of(new SftpPacket.Write(7, H, 5, Bytes.fromHex("dead")),
                    "06" + ID7 + S_H + "0000000000000005" + "00000002dead"),
            Arguments.of(new SftpPacket.Lstat(7, "a"), "07" + ID7 + S_A),
            Arguments.of(new SftpPacket.Fstat(7, H), "08" + ID7 + S_H),
            Arguments.of(new SftpPacket.Setstat(7, "a", all), "09" + ID7 + S_A + allHex),
            Arguments.of(new SftpPacket.Fsetstat(7, H, FileAttributes.EMPTY), "0a" + ID7 + S_H + "00000000"),
            Arguments.of(new SftpPacket.Opendir(7, "a"), "0b" + ID7 + S_A),
            Arguments.of(new SftpPacket.Readdir(7, H), "0c" + ID7 + S_H),
            Arguments.of(new SftpPacket.Remove(7, "a"), "0d" + ID7 + S_A),
            Arguments.of(new SftpPacket.Mkdir(7, "a", FileAttributes.EMPTY.withPermissions(0755)),
                    "0e" + ID7 + S_A + "00000004" + "000001ed"),
            Arguments.of(new SftpPacket.Rmdir(7, "a"), "0f" + ID7 + S_A),
            Arguments.of(new SftpPacket.Realpath(7, "a"), "10" + ID7 + S_A),
            Arguments.of(new SftpPacket.Stat(7, "a"), "11" + ID7 + S_A),
            Arguments.of(new SftpPacket.Rename(7, "a", "b"), "12" + ID7 + S_A + S_B),
            Arguments.of(new SftpPacket.Readlink(7, "a"), "13" + ID7 + S_A),
            // OpenSSH order: target ("a") first, then the link path ("b").
            Arguments.of(new SftpPacket.Symlink(7, "a", "b"), "14" + ID7 + S_A + S_B),
            Arguments.of(new SftpPacket.Status(7, StatusCode.EOF, "End of file", ""),
                    "65" + ID7 + "00000001" + "0000000b" + hex("End of file") + "00000000"),
            Arguments.of(new SftpPacket.Handle(7, H), "66" + ID7 + S_H),
            Arguments.of(new SftpPacket.Data(7, Bytes.fromHex("00ff")), "67" + ID7 + "0000000200ff"),
            Arguments.of(new SftpPacket.Name(7, List.of(new NameEntry("a", "b",
                    FileAttributes.EMPTY.withSize(1)))),
                    "68" + ID7 + "00000001" + S_A + S_B + "00000001" + "0000000000000001"),
            Arguments.of(new SftpPacket.Attrs(7, all), "69" + ID7 + allHex),
            Arguments.of(new SftpPacket.Extended(7, "fsync@openssh.com", Bytes.utf8("h1").isEmpty()
                    ? Bytes.EMPTY : Bytes.fromHex(S_H)),
                    "c8" + ID7 + "00000011" + hex("fsync@openssh.com") + S_H),
            Arguments.of(new SftpPacket.ExtendedReply(7, Bytes.fromHex("0102")), "c9" + ID7 + "0102"),
            Arguments.of(new SftpPacket.Raw(99, Bytes.fromHex("00000007ff")), "63" + "00000007ff"));
    }

    static String hex(String ascii) {
        return Bytes.utf8(ascii).toHex();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void encodesToTheDraftLayoutAndDecodesBack(SftpPacket packet, String golden) {
        assertEquals(golden, packet.encode().toHex());
        assertEquals(packet, SftpPacket.decode(Bytes.fromHex(golden).toArray()));
        byte[] frame = packet.toFrame();
        assertEquals(String.format("%08x", golden.length() / 2) + golden, Bytes.wrap(frame).toHex());
    }

    @Test
    void statusWithoutMessageFromOldServersDecodesWithEmptyStrings() {
        assertEquals(new SftpPacket.Status(7, 4, "", ""),
                SftpPacket.decode(Bytes.fromHex("65" + ID7 + "00000004").toArray()));
    }

    @Test
    void nameCountLargerThanTheDataIsRejectedBeforeAllocation() {
        assertThrows(WireFormatException.class,
                () -> SftpPacket.decode(Bytes.fromHex("68" + ID7 + "7fffffff").toArray()));
    }

    @Test
    void trailingBytesAreAnError() {
        assertThrows(WireFormatException.class,
                () -> SftpPacket.decode(Bytes.fromHex("04" + ID7 + S_H + "00").toArray()));
    }

    @Test
    void rawKeepsTheRequestIdForAnOpUnsupportedReply() {
        assertEquals(7, ((SftpPacket.Raw) SftpPacket.decode(Bytes.fromHex("63" + ID7).toArray()))
                .requestId().getAsInt());
    }
}
