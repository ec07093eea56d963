package org.sshwire.testvectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sshwire.testvectors.Wycheproof.TestCase;
import org.sshwire.testvectors.Wycheproof.TestGroup;
import org.sshwire.testvectors.Wycheproof.WycheproofFile;

/** The Wycheproof loader against the real files and against small hand-written ones. */
class WycheproofTest {

    @Test
    void everyFileLoadsWithAsManyCasesAsItDeclaresAndUniqueIds() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(VectorFiles.require("wycheproof"))) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                    .collect(Collectors.toList());
        }
        assertEquals(28, names.size(), "files in wycheproof/: " + names);
        for (String name : names) {
            WycheproofFile f = Wycheproof.load(name);
            int cases = f.groups().stream().mapToInt(g -> g.tests().size()).sum();
            assertEquals(f.numberOfTests(), cases, name);
            assertTrue(cases > 0, name);
            assertFalse(f.algorithm().isBlank(), name);
            Set<Integer> ids = new HashSet<>();
            for (TestCase t : f.allTests()) {
                assertTrue(ids.add(t.tcId()), name + ": duplicate tcId " + t.tcId());
                assertEquals(1, (t.isValid() ? 1 : 0) + (t.isInvalid() ? 1 : 0) + (t.isAcceptable() ? 1 : 0),
                        name + " tcId " + t.tcId());
            }
        }
    }

    @Test
    void x25519FirstCaseDecodesAndZeroSharedSecretCasesAreOnlyAcceptable() {
        WycheproofFile f = Wycheproof.load("x25519_test.json");
        assertEquals("XDH", f.algorithm());
        assertEquals(518, f.numberOfTests());
        TestGroup g = f.groups().get(0);
        assertEquals("curve25519", g.str("curve"));
        TestCase t = g.tests().get(0);
        assertEquals(1, t.tcId());
        assertEquals("normal case", t.comment());
        assertEquals(List.of("Normal"), t.flags());
        assertTrue(t.isValid());
        byte[] pub = t.hex("public");
        assertEquals(32, pub.length);
        assertEquals(0x50, pub[0] & 0xff);
        assertEquals(0x29, pub[31] & 0xff);
        assertEquals(0x43, t.hex("shared")[0] & 0xff);
        assertEquals(0x20, t.hex("shared")[31] & 0xff);

        List<TestCase> zero = f.allTests().stream().filter(c -> c.hasFlag("ZeroSharedSecret")).collect(Collectors.toList());
        assertEquals(31, zero.size());
        assertTrue(zero.stream().allMatch(TestCase::isAcceptable));
        assertArrayEquals(new byte[32], zero.get(0).hex("shared"));
    }

    @Test
    void ecdsaGroupExposesNestedPublicKeyAndParameters() {
        WycheproofFile f = Wycheproof.load("ecdsa_secp256r1_sha256_test.json");
        TestGroup g = f.groups().get(0);
        assertEquals("SHA-256", g.str("sha"));
        Map<String, Object> key = g.object("publicKey");
        assertEquals("secp256r1", key.get("curve"));
        byte[] point = Values.hex(key, "uncompressed");
        assertEquals(65, point.length);
        assertEquals(4, point[0]);
        assertEquals(0x30, g.hex("publicKeyDer")[0] & 0xff);
        assertEquals(0x30, g.tests().get(0).hex("sig")[0] & 0xff);
        assertEquals(256, ((Number) key.get("keySize")).intValue());
    }

    @Test
    void missingCommentAndFlagsDefaultToEmpty() {
        WycheproofFile f = Wycheproof.parse("{\"algorithm\":\"A\",\"numberOfTests\":1,\"testGroups\":"
                + "[{\"type\":\"T\",\"keySize\":128,\"tests\":[{\"tcId\":7,\"m\":\"00FF\",\"result\":\"invalid\"}]}]}");
        TestCase t = f.groups().get(0).tests().get(0);
        assertEquals(7, t.tcId());
        assertEquals("", t.comment());
        assertEquals(List.of(), t.flags());
        assertTrue(t.isInvalid());
        assertFalse(t.isValid());
        assertFalse(t.hasFlag("Normal"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, t.hex("m"));
        assertEquals(128, f.groups().get(0).integer("keySize"));
        assertEquals(List.of("type", "keySize"), List.copyOf(f.groups().get(0).fields().keySet()));
    }

    @Test
    void helpersNameTheMemberThatIsMissingOrMistyped() {
        WycheproofFile f = Wycheproof.parse("{\"algorithm\":\"A\",\"numberOfTests\":1,\"testGroups\":"
                + "[{\"type\":\"T\",\"big\":1.5,\"tests\":[{\"tcId\":1,\"m\":\"0f0\",\"result\":\"valid\"}]}]}");
        TestGroup g = f.groups().get(0);
        TestCase t = g.tests().get(0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.hex("msg")).getMessage().contains("\"msg\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.hex("m")).getMessage().contains("odd"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> g.integer("big")).getMessage().contains("\"big\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> g.str("big")).getMessage().contains("\"big\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> g.object("type")).getMessage().contains("\"type\""));
    }

    @Test
    void unknownResultIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wycheproof.parse(
                "{\"algorithm\":\"A\",\"numberOfTests\":1,\"testGroups\":[{\"tests\":[{\"tcId\":3,\"result\":\"maybe\"}]}]}"));
        assertTrue(e.getMessage().contains("tcId 3"), e.getMessage());
    }
}
