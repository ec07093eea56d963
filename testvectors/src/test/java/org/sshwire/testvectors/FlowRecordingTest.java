package org.sshwire.testvectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sshwire.testvectors.FlowRecording.Direction;
import org.sshwire.testvectors.FlowRecording.Flow;

/** The Go hex-dump recording parser, on all real recordings and on tricky hand-made lines. */
class FlowRecordingTest {

    private static final byte[] SSH2 = "SSH-2.0-".getBytes(StandardCharsets.US_ASCII);

    @Test
    void namesListsEveryRecordingAndLeavesOutTheUsernameFile() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(VectorFiles.require("go-recordings"))) {
            files = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(44, files.size());
        List<String> names = FlowRecording.names();
        assertEquals(43, names.size());
        assertFalse(names.contains("Client-username"));
        assertTrue(files.contains("Client-username"));
        assertEquals(files.stream().filter(f -> !f.equals("Client-username")).collect(Collectors.toList()), names);
        assertThrows(IllegalArgumentException.class, () -> FlowRecording.load("Client-username"));
    }

    @Test
    void everyRecordingParsesAndBothSidesOpenWithAnSsh2Banner() {
        VectorFiles.require("go-recordings"); // names() alone would give an empty list, not a skip
        List<String> names = FlowRecording.names();
        assertEquals(43, names.size());
        for (String name : names) {
            FlowRecording r = FlowRecording.load(name);
            assertEquals(name, r.name());
            assertTrue(r.flows().size() >= 2, name);
            for (int i = 0; i < r.flows().size(); i++) {
                assertEquals(i + 1, r.flows().get(i).number(), name);
            }
            for (Direction d : Direction.values()) {
                byte[] s = r.stream(d);
                assertArrayEquals(SSH2, Arrays.copyOf(s, SSH2.length), name + " " + d);
            }
        }
    }

    @Test
    void goClientCurve25519FirstFlowIsGoBanner() {
        FlowRecording r = FlowRecording.load("Client-KEX-curve25519-sha256");
        Flow first = r.flows().get(0);
        assertEquals(1, first.number());
        assertEquals(Direction.CLIENT_TO_SERVER, first.direction());
        assertArrayEquals("SSH-2.0-Go\r\n".getBytes(StandardCharsets.US_ASCII), first.data());
        Flow second = r.flows().get(1);
        assertEquals(Direction.SERVER_TO_CLIENT, second.direction());
        assertArrayEquals("SSH-2.0-OpenSSH_10.0\r\n".getBytes(StandardCharsets.US_ASCII), second.data());
        // Flow 3 is Go's KEXINIT: packet length 0x2ac, padding 4, SSH_MSG_KEXINIT (20).
        byte[] kexinit = r.flows().get(2).data();
        assertArrayEquals(new byte[] {0, 0, 2, (byte) 0xac, 4, 20}, Arrays.copyOf(kexinit, 6));
    }

    @Test
    void streamConcatenatesOneDirectionInOrder() {
        FlowRecording r = FlowRecording.parse("t", String.join("\n",
                ">>> Flow 1 (client to server)",
                "00000000  61 62                                             |ab|",
                ">>> Flow 2 (server to client)",
                "00000000  78                                                |x|",
                ">>> Flow 3 (client to server)",
                "00000000  63                                                |c|",
                ""));
        assertEquals(3, r.flows().size());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), r.stream(Direction.CLIENT_TO_SERVER));
        assertArrayEquals("x".getBytes(StandardCharsets.US_ASCII), r.stream(Direction.SERVER_TO_CLIENT));
    }

    @Test
    void asciiColumnWithBarsAndHexDigitsDoesNotLeakIntoTheBytes() {
        // ASCII columns full of bars and hex digits; the second line is like the last of Client-RunCommandStdinError.
        FlowRecording r = FlowRecording.parse("t", ">>> Flow 1 (server to client)\n"
                + "00000000  7c 20 7c 61 62 20 31 32  7c 7c 30 30 20 66 66 7c  || |ab 12||00 ff||\n"
                + "00000010  88 56 39 7c                                       |.V9||\n");
        byte[] data = r.flows().get(0).data();
        assertEquals(20, data.length);
        assertArrayEquals("| |ab 12||00 ff|".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(data, 16));
        assertArrayEquals(new byte[] {(byte) 0x88, 0x56, 0x39, 0x7c}, Arrays.copyOfRange(data, 16, 20));
    }

    @Test
    void byteCountOfEveryFlowIsItsLastOffsetPlusItsLastLine() throws IOException {
        for (String name : List.of("Client-KEX-curve25519-sha256", "Server-Cipher-chacha20-poly1305@openssh.com",
                "Client-RunCommandStdinError")) {
            List<String> lines = Files.readAllLines(VectorFiles.require("go-recordings/" + name));
            FlowRecording r = FlowRecording.load(name);
            int flow = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(">>>")) {
                    flow++;
                }
                boolean lastOfFlow = !lines.get(i).startsWith(">>>")
                        && (i + 1 == lines.size() || lines.get(i + 1).startsWith(">>>"));
                if (lastOfFlow) {
                    String last = lines.get(i);
                    int offset = Integer.parseInt(last.substring(0, 8), 16);
                    int onLine = last.substring(61, last.length() - 1).length();
                    assertEquals(offset + onLine, r.flows().get(flow).data().length, name + " flow " + (flow + 1));
                }
            }
            assertEquals(flow + 1, r.flows().size(), name);
        }
    }

    @Test
    void inconsistentLinesAreRejected() {
        String head = ">>> Flow 1 (client to server)\n";
        String good = "00000000  61 62                                             |ab|\n";
        FlowRecording.parse("t", head + good);
        // ASCII column disagrees with the bytes.
        assertRejected(head + "00000000  61 62                                             |aX|\n", "ASCII");
        // ASCII column has a different count.
        assertRejected(head + "00000000  61 62                                             |abc|\n", "ASCII");
        // Offset gap: a line is missing.
        assertRejected(head + good + "00000010  63                                                |c|\n", "offset");
        // Byte after padding.
        assertRejected(head + "00000000  61    63                                          |ac|\n", "padding");
        // Data before any header, and a flow with no data.
        assertRejected(good, "header");
        assertRejected(head + ">>> Flow 2 (server to client)\n" + good, "no data");
        assertRejected("", "no flows");
    }

    private static void assertRejected(String text, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlowRecording.parse("t", text));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
