package org.sshwire.transport.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.Bytes;

/** The key log lines a decoder reads: ours, Wireshark's, and what is refused with its line number. */
class KeyLogFileTest {
    static final String COOKIE = "00112233445566778899aabbccddeeff";

    @Test
    void readsEveryLineFormAndMergesThemByCookie() {
        KeyLogFile log = KeyLogFile.parse(List.of("# a comment", "", COOKIE + " 0a0b", COOKIE + " SHARED_SECRET 00ff",
                "ffeeddccbbaa99887766554433221100 PRIVATE_KEY 01"));
        assertEquals(2, log.size());
        KeyLogFile.Entry e = log.find(Bytes.fromHex(COOKIE)).orElseThrow();
        assertEquals(Bytes.fromHex("0a0b"), e.privateKey());
        assertEquals(Bytes.fromHex("00ff"), e.sharedSecret());
        assertEquals(Bytes.fromHex("01"), log.find(Bytes.fromHex("ffeeddccbbaa99887766554433221100")).orElseThrow().privateKey());
        assertFalse(log.find(Bytes.fromHex("ff".repeat(16))).isPresent());
    }

    @Test
    void aMalformedLineIsNamed() {
        for (String bad : List.of("0011 SHARED_SECRET 00", COOKIE + " SHARED_SECRET zz", COOKIE + " SECRET 00", COOKIE,
                COOKIE + " 0", "xyz 00")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyLogFile.parse(List.of("", bad)), bad);
            assertTrue(e.getMessage().startsWith("key log line 2: "), e.getMessage());
        }
    }
}
