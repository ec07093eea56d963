package org.sshwire.testvectors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A recorded SSH session from {@code go-recordings/} (Go x/crypto/ssh testdata): the bytes each
 * side sent, flow by flow, in the order they were sent.
 *
 * <p>The file is a list of {@code >>> Flow N (client to server)} headers, each followed by Go
 * {@code hex.Dump} lines. Parsing is by column, and every line is cross-checked against its
 * offset and its ASCII column, so a mis-parsed byte cannot go unnoticed.
 */
public record FlowRecording(String name, List<Flow> flows) {
    private static final String FOLDER = "go-recordings";
    private static final String HEADER_START = ">>> Flow ";
    private static final Pattern HEADER = Pattern.compile(">>> Flow (\\d+) \\((client to server|server to client)\\)");
    /** hex.Dump puts the ASCII column's opening bar here, however many bytes the line has. */
    private static final int BAR = 60;

    public FlowRecording {
        flows = List.copyOf(flows);
    }

    /** Who sent a flow. */
    public enum Direction { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /** One flow: {@code number} as in the file (from 1), its sender, and its bytes. */
    public record Flow(int number, Direction direction, byte[] data) {
    }

    /**
     * Loads {@code go-recordings/<name>}; skips the calling test when it is absent (fails under
     * {@code CI=true}).
     *
     * @throws IllegalArgumentException if the file is not a well-formed recording
     */
    public static FlowRecording load(String name) {
        return parse(name, Values.readUtf8(VectorFiles.require(FOLDER + "/" + name)));
    }

    /**
     * The names of all recordings in {@code go-recordings/}, sorted. Files that are not recordings
     * are left out (the folder also holds {@code Client-username}, the user name Go's tests log in
     * with). When the folder is missing: an empty list, or a failure under {@code CI=true}. As a
     * {@code @MethodSource}, pair it with {@code @ParameterizedTest(allowZeroInvocations = true)}.
     */
    public static List<String> names() {
        Path root = VectorFiles.root();
        if (root == null || !Files.isDirectory(root.resolve(FOLDER))) {
            if (VectorFiles.inCi()) {
                VectorFiles.require(FOLDER); // throws, with the standard message
            }
            return List.of();
        }
        try (Stream<Path> files = Files.list(root.resolve(FOLDER))) {
            return files.filter(Files::isRegularFile).filter(FlowRecording::isRecording)
                    .map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRecording(Path p) {
        byte[] start = HEADER_START.getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = Files.newInputStream(p)) {
            return Arrays.equals(in.readNBytes(start.length), start);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /** The bytes one side sent over the whole session: its flows concatenated in order. */
    public byte[] stream(Direction d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        flows.stream().filter(f -> f.direction() == d).forEach(f -> out.writeBytes(f.data()));
        return out.toByteArray();
    }

    /** Parses the text of a recording; {@code name} is only for the result and messages. */
    static FlowRecording parse(String name, String text) {
        List<Flow> flows = new ArrayList<>();
        int number = 0;
        Direction direction = null;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher m = HEADER.matcher(line);
            try {
                if (m.matches()) {
                    if (direction != null) {
                        flows.add(finish(number, direction, data));
                    }
                    number = Integer.parseInt(m.group(1));
                    direction = m.group(2).startsWith("client") ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
                    data.reset();
                } else if (!line.isEmpty()) {
                    if (direction == null) {
                        throw new IllegalArgumentException("not a flow recording: no '>>> Flow' header before the data");
                    }
                    data.writeBytes(dumpLine(line, data.size()));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (direction == null) {
            throw new IllegalArgumentException(name + ": not a flow recording: no flows");
        }
        flows.add(finish(number, direction, data));
        return new FlowRecording(name, flows);
    }

    private static Flow finish(int number, Direction direction, ByteArrayOutputStream data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("flow " + number + " has no data");
        }
        return new Flow(number, direction, data.toByteArray());
    }

    /**
     * One {@code hex.Dump} line: 8-digit offset, two spaces, up to 16 bytes as {@code "xx "} with an
     * extra space after the eighth, padding to column 60, then {@code |ascii|}. The ASCII column may
     * itself hold '|' and hex digits, so bytes are read only from their fixed columns.
     */
    private static byte[] dumpLine(String line, int expectedOffset) {
        if (line.length() < BAR + 2 || line.charAt(BAR) != '|' || line.charAt(line.length() - 1) != '|'
                || !line.startsWith("  ", 8)) {
            throw new IllegalArgumentException("not a hex dump line: " + line);
        }
        int offset = hexNumber(line.substring(0, 8));
        if (offset != expectedOffset) {
            throw new IllegalArgumentException("offset " + Integer.toHexString(offset) + ", expected "
                    + Integer.toHexString(expectedOffset) + " (lines missing or bytes misread)");
        }
        byte[] bytes = new byte[16];
        int n = 0;
        for (int i = 0; i < 16; i++) {
            int col = 10 + 3 * i + (i >= 8 ? 1 : 0);
            String cell = line.substring(col, col + 2);
            if (cell.equals("  ") || n < i) { // padding; once it starts, only padding may follow
                if (!cell.equals("  ")) {
                    throw new IllegalArgumentException("byte after padding at column " + col);
                }
                continue;
            }
            bytes[n++] = (byte) hexNumber(cell);
        }
        if (n == 0 || !line.substring(10, BAR).replaceAll("[0-9a-f]{2}", "").isBlank()) {
            throw new IllegalArgumentException("malformed hex columns: " + line);
        }
        String ascii = line.substring(BAR + 1, line.length() - 1);
        if (ascii.length() != n) {
            throw new IllegalArgumentException(n + " bytes but " + ascii.length() + " ASCII characters");
        }
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            char expected = b >= 0x20 && b <= 0x7e ? (char) b : '.';
            if (ascii.charAt(i) != expected) {
                throw new IllegalArgumentException("byte " + i + " is " + Integer.toHexString(b)
                        + " but the ASCII column shows '" + ascii.charAt(i) + "'");
            }
        }
        return Arrays.copyOf(bytes, n);
    }

    private static int hexNumber(String s) {
        if (!s.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("not lower-case hex: '" + s + "'");
        }
        return Integer.parseInt(s, 16);
    }
}
