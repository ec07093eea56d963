package org.sshwire.transport.keys;

/**
 * A well-formed key of a type sshwire does not implement (sk-* security keys, ML-DSA, ssh-dss
 * and anything unknown). The message is {@code "unsupported key type: NAME"}.
 */
public final class UnsupportedKeyTypeException extends KeyFormatException {
    private static final long serialVersionUID = 1L;

    private final String keyType;

    public UnsupportedKeyTypeException(String keyType) {
        super("unsupported key type: " + printable(keyType));
        this.keyType = keyType;
    }

    /** The key type name as it appeared in the input. */
    public String keyType() {
        return keyType;
    }

    /** Peer-controlled names go into messages escaped and bounded, so logs stay readable. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        if (b.length() >= 80) {
            b.append("...");
        }
        return b.toString();
    }
}
