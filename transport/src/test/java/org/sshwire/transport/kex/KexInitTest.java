package org.sshwire.transport.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/** KEXINIT encoding, tolerance and bounds. */
class KexInitTest {

    private static Payload raw(String... lists) {
        SshWriter w = new SshWriter();
        w.writeRaw(new byte[16]);
        for (String l : lists) {
            w.writeString(Bytes.utf8(l));
        }
        w.writeBoolean(false).writeUint32(0);
        return new Payload(20, w.toBytes());
    }

    @Test
    void roundTripsAllFields() {
        KexInit k = new KexInit(Bytes.fromHex("000102030405060708090a0b0c0d0e0f"), List.of("a", "b"), List.of("c"),
                List.of("d"), List.of("e"), List.of("f"), List.of("g"), List.of("none"), List.of("zlib"),
                List.of(), List.of("en"), true, 7);
        assertEquals(k, KexInit.decode(k.toPayload()));
        assertEquals(20, k.toPayload().msgId());
    }

    @Test
    void emptyNamesAndTrailingCommasAreTolerated() {
        KexInit k = KexInit.decode(raw("curve25519-sha256,,ext-info-c,", "ssh-ed25519", "aes128-ctr", "aes128-ctr",
                "hmac-sha2-256", "hmac-sha2-256", "none", "none", "", ""));
        assertEquals(List.of("curve25519-sha256", "ext-info-c"), k.kexAlgorithms());
    }

    @Test
    void hostileListsAreBounded() {
        String many = String.join(",", java.util.Collections.nCopies(513, "x"));
        assertThrows(WireFormatException.class, () -> KexInit.decode(raw(many, "a", "a", "a", "a", "a", "a", "a", "", "")));
        String longName = "n".repeat(65);
        assertThrows(WireFormatException.class, () -> KexInit.decode(raw(longName, "a", "a", "a", "a", "a", "a", "a", "", "")));
        assertThrows(WireFormatException.class, () -> KexInit.decode(raw("a", "a")), "truncated");
    }
}
