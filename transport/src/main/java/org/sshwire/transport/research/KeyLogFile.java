package org.sshwire.transport.research;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sshwire.transport.wire.Bytes;

/**
 * The secrets of a key log (research surface, DESIGN §5; unstable), as {@link
 * org.sshwire.transport.KeyLog} writes them and Wireshark reads them, indexed by KEXINIT cookie:
 * {@code <cookie> <private>}, {@code <cookie> PRIVATE_KEY <private>} (Wireshark's later spelling)
 * and {@code <cookie> SHARED_SECRET <K>}. Blank lines and lines starting with {@code #} are
 * skipped; anything else that is not one of these forms is an error naming its line.
 *
 * <pre>{@code
 * KeyLogFile keys = KeyLogFile.parse(Files.readAllLines(Path.of("keylog.txt")));
 * }</pre>
 */
public final class KeyLogFile {
    /** What the log holds for one cookie; either part may be null. */
    public record Entry(Bytes cookie, Bytes privateKey, Bytes sharedSecret) {
    }

    private final Map<Bytes, Entry> entries;

    private KeyLogFile(Map<Bytes, Entry> entries) {
        this.entries = entries;
    }

    /**
     * @throws IllegalArgumentException naming the first malformed line
     */
    public static KeyLogFile parse(List<String> lines) {
        Map<Bytes, Entry> map = new HashMap<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            Bytes cookie = hex(f[0], number, "cookie");
            if (cookie.length() != 16) {
                throw new IllegalArgumentException("key log line " + number + ": a cookie has 16 bytes, not " + cookie.length());
            }
            Entry old = map.getOrDefault(cookie, new Entry(cookie, null, null));
            Entry e;
            if (f.length == 2) {
                e = new Entry(cookie, hex(f[1], number, "private key"), old.sharedSecret());
            } else if (f.length == 3 && f[1].equals("PRIVATE_KEY")) {
                e = new Entry(cookie, hex(f[2], number, "private key"), old.sharedSecret());
            } else if (f.length == 3 && f[1].equals("SHARED_SECRET")) {
                e = new Entry(cookie, old.privateKey(), hex(f[2], number, "shared secret"));
            } else {
                throw new IllegalArgumentException("key log line " + number
                        + ": expected '<cookie> <private>', '<cookie> PRIVATE_KEY <private>' or '<cookie> SHARED_SECRET <K>'");
            }
            map.put(cookie, e);
        }
        return new KeyLogFile(Map.copyOf(map));
    }

    /** What the log holds for this KEXINIT cookie. */
    public Optional<Entry> find(Bytes cookie) {
        return Optional.ofNullable(entries.get(cookie));
    }

    /** How many cookies the log has secrets for. */
    public int size() {
        return entries.size();
    }

    private static Bytes hex(String s, int line, String what) {
        if (s.isEmpty() || s.length() % 2 != 0 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("key log line " + line + ": the " + what + " is not hex");
        }
        return Bytes.fromHex(s);
    }
}
