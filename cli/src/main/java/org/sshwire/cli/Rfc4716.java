package org.sshwire.cli;

import java.util.Base64;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;

/** The SSH2 public key file format (RFC 4716), as {@code ssh-keygen -e} writes and {@code -i} reads. */
final class Rfc4716 {
    private static final String BEGIN = "---- BEGIN SSH2 PUBLIC KEY ----";
    private static final String END = "---- END SSH2 PUBLIC KEY ----";

    private Rfc4716() {
    }

    static String encode(SshPublicKey key, String comment) {
        StringBuilder b = new StringBuilder(BEGIN).append('\n');
        // RFC 4716 §3.3: header lines are at most 72 bytes; quote the value.
        String header = "Comment: \"" + comment.replace("\"", "'") + "\"";
        b.append(header.length() > 72 ? header.substring(0, 71) + "\"" : header).append('\n');
        String base64 = Base64.getEncoder().encodeToString(key.blob().toArray());
        for (int i = 0; i < base64.length(); i += 70) {
            b.append(base64, i, Math.min(base64.length(), i + 70)).append('\n');
        }
        return b.append(END).append('\n').toString();
    }

    static SshPublicKey decode(String text) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw UserErrors.fail("not an RFC 4716 public key file");
        }
        StringBuilder base64 = new StringBuilder();
        boolean continuation = false;
        for (String line : text.substring(begin + BEGIN.length(), end).split("\r?\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            // RFC 4716 §3.3: headers are "Tag: value"; a trailing backslash continues a header.
            if (continuation || l.contains(":")) {
                continuation = l.endsWith("\\");
                continue;
            }
            base64.append(l);
        }
        try {
            return SshPublicKey.parse(Bytes.wrap(Base64.getDecoder().decode(base64.toString())));
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail("bad base64 in RFC 4716 key");
        }
    }
}
