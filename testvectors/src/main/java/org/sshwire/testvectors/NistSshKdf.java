package org.sshwire.testvectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the NIST CAVS 14.1 SSH KDF known answers ({@code nist-sshkdf/sshkdf_tests.txt}, RFC 4253
 * §7.2): 100 cases, each with the six derived outputs.
 */
public final class NistSshKdf {
    /** The file's names for the inputs and outputs, in the order a case lists them. */
    private static final List<String> KEYS = List.of("K", "H", "session_id",
            "Initial IV (client to server)", "Initial IV (server to client)",
            "Encryption key (client to server)", "Encryption key (server to client)",
            "Integrity key (client to server)", "Integrity key (server to client)");
    private static final List<String> HASHES = List.of("SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512");

    private NistSshKdf() {
    }

    /**
     * All cases in file order; skips the calling test when the file is absent (fails under
     * {@code CI=true}).
     */
    public static List<SshKdfCase> load() {
        List<SshKdfCase> all = new ArrayList<>();
        for (Section s : sections(Values.readUtf8(VectorFiles.require("nist-sshkdf/sshkdf_tests.txt")))) {
            all.addAll(s.cases());
        }
        return all;
    }

    /** A header block and its cases; the bit lengths are the header's, for checking the outputs. */
    record Section(String hash, int secretBits, int ivBits, int encKeyBits, List<SshKdfCase> cases) {
    }

    /** Parses the file text into its sections; indented lines (intermediate values) are ignored. */
    static List<Section> sections(String text) {
        List<String> hashes = new ArrayList<>();
        List<Map<String, Integer>> bits = new ArrayList<>();
        List<List<SshKdfCase>> cases = new ArrayList<>();
        int count = -1;
        Map<String, byte[]> values = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "";
            if (count >= 0 && (i == lines.length || line.startsWith("[") || line.startsWith("COUNT ="))) {
                String hash = hashes.get(hashes.size() - 1);
                cases.get(cases.size() - 1).add(toCase(hash, count, values, i));
                count = -1;
                values.clear();
            }
            if (line.isBlank() || line.startsWith("#") || line.startsWith("\t") || line.startsWith(" ")) {
                continue;
            }
            if (line.matches("\\[SHA-\\d+]")) {
                String hash = line.substring(1, line.length() - 1);
                if (!HASHES.contains(hash)) {
                    throw error(i, "unknown hash " + hash);
                }
                hashes.add(hash);
                bits.add(new HashMap<>());
                cases.add(new ArrayList<>());
            } else if (line.matches("\\[[a-zA-Z ]+ = \\d+]") && !hashes.isEmpty()) {
                int eq = line.indexOf(" = ");
                bits.get(bits.size() - 1).put(line.substring(1, eq), Integer.parseInt(line.substring(eq + 3, line.length() - 1)));
            } else if (line.startsWith("COUNT = ") && !hashes.isEmpty()) {
                count = Integer.parseInt(line.substring(8).trim());
            } else {
                int eq = line.indexOf(" = ");
                String key = eq < 0 ? "" : line.substring(0, eq);
                if (count < 0 || !KEYS.contains(key)) {
                    throw error(i, "unexpected line: " + line);
                }
                if (values.put(key, Values.hex(line.substring(eq + 3).trim())) != null) {
                    throw error(i, "repeated " + key);
                }
            }
        }
        List<Section> out = new ArrayList<>();
        for (int s = 0; s < hashes.size(); s++) {
            Map<String, Integer> b = bits.get(s);
            if (!b.keySet().equals(Set.of("shared secret length", "IV length", "encryption key length"))) {
                throw new IllegalArgumentException("sshkdf section " + (s + 1) + " (" + hashes.get(s)
                        + ") has header lengths " + b.keySet());
            }
            out.add(new Section(hashes.get(s), b.get("shared secret length"), b.get("IV length"),
                    b.get("encryption key length"), List.copyOf(cases.get(s))));
        }
        return out;
    }

    private static SshKdfCase toCase(String hash, int count, Map<String, byte[]> v, int line) {
        for (String key : KEYS) {
            if (!v.containsKey(key)) {
                throw error(line - 1, hash + " COUNT " + count + " lacks " + key);
            }
        }
        return new SshKdfCase(hash, count, v.get(KEYS.get(0)), v.get(KEYS.get(1)), v.get(KEYS.get(2)),
                v.get(KEYS.get(3)), v.get(KEYS.get(4)), v.get(KEYS.get(5)), v.get(KEYS.get(6)),
                v.get(KEYS.get(7)), v.get(KEYS.get(8)));
    }

    private static IllegalArgumentException error(int lineIndex, String message) {
        return new IllegalArgumentException("sshkdf line " + (lineIndex + 1) + ": " + message);
    }

    /**
     * One known answer. {@code hash} is the JCA digest name ({@code "SHA-1"}, {@code "SHA-224"},
     * {@code "SHA-256"}, {@code "SHA-384"}, {@code "SHA-512"}); {@code k} is already mpint-encoded
     * (length prefix included), as it enters the hash; {@code h} is the exchange hash.
     */
    public record SshKdfCase(String hash, int count, byte[] k, byte[] h, byte[] sessionId,
            byte[] ivClientToServer, byte[] ivServerToClient,
            byte[] encKeyClientToServer, byte[] encKeyServerToClient,
            byte[] intKeyClientToServer, byte[] intKeyServerToClient) {
    }
}
