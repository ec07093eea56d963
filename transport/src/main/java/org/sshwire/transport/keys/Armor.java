package org.sshwire.transport.keys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The textual armor of key files: RFC 7468 PEM plus RFC 1421 headers (Proc-Type, DEK-Info). */
record Armor(String label, Map<String, String> headers, byte[] der) {
    /** Key files are small; a bound keeps hostile input from costing memory. */
    static final int MAX_FILE = 1 << 20;

    static boolean looksArmored(byte[] file, String label) {
        String s = new String(file, 0, Math.min(file.length, 200), StandardCharsets.ISO_8859_1).stripLeading();
        return s.startsWith("-----BEGIN " + label + "-----");
    }

    /** The label of the first BEGIN line, or null. */
    static String firstLabel(byte[] file) {
        String s = new String(file, 0, Math.min(file.length, 200), StandardCharsets.ISO_8859_1).stripLeading();
        if (!s.startsWith("-----BEGIN ")) {
            return null;
        }
        int end = s.indexOf("-----", 11);
        return end < 0 ? null : s.substring(11, end);
    }

    static Armor decode(byte[] file) {
        if (file.length > MAX_FILE) {
            throw new KeyFormatException("key file larger than " + MAX_FILE + " bytes");
        }
        String text = new String(file, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n|\r")));
        int i = 0;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        if (i >= lines.size()) {
            throw new KeyFormatException("empty key file");
        }
        String begin = lines.get(i).strip();
        if (!begin.startsWith("-----BEGIN ") || !begin.endsWith("-----") || begin.length() < 16) {
            throw new KeyFormatException("no -----BEGIN line");
        }
        String label = begin.substring(11, begin.length() - 5);
        String end = "-----END " + label + "-----";
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder();
        boolean inHeaders = true;
        boolean ended = false;
        for (i++; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals(end)) {
                ended = true;
                break;
            }
            int colon = line.indexOf(':');
            if (inHeaders && colon > 0) {
                headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                continue;
            }
            inHeaders = false;
            body.append(line);
        }
        if (!ended) {
            throw new KeyFormatException("missing " + end);
        }
        try {
            return new Armor(label, headers, Base64.getDecoder().decode(body.toString()));
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("bad base64 in key file: " + e.getMessage(), e);
        }
    }

    static byte[] encode(String label, byte[] data, int width) {
        String b64 = Base64.getEncoder().encodeToString(data);
        StringBuilder sb = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < b64.length(); i += width) {
            sb.append(b64, i, Math.min(b64.length(), i + width)).append('\n');
        }
        sb.append("-----END ").append(label).append("-----\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
