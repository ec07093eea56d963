package org.sshwire.transport.wire;

/**
 * The raw form of any SSH message: its number and the bytes after the number.
 *
 * <p>Every message, known or unknown, well-formed or not, can be carried, logged and sent in this
 * form (DESIGN §2).
 *
 * <pre>{@code
 * Payload ignore = new Payload(MessageNumbers.SSH_MSG_IGNORE, new SshWriter().writeString(Bytes.EMPTY).toBytes());
 * ignore.toBytes();  // 02 00000000
 * }</pre>
 *
 * @param msgId the message number, 0..255
 * @param body  the bytes that follow the message number
 */
public record Payload(int msgId, Bytes body) {
    public Payload {
        if (msgId < 0 || msgId > 255) {
            throw new IllegalArgumentException("message number out of range: " + msgId);
        }
        if (body == null) {
            throw new NullPointerException("body");
        }
    }

    /** Splits a packet payload into number and body. */
    public static Payload parse(byte[] payload, int off, int len) {
        if (len < 1) {
            throw new WireFormatException(0, "empty payload has no message number");
        }
        return new Payload(payload[off] & 0xff, Bytes.of(payload, off + 1, len - 1));
    }

    /** As {@link #parse(byte[], int, int)}; the body is a view of {@code payload}, not a copy. */
    public static Payload parse(Bytes payload) {
        if (payload.isEmpty()) {
            throw new WireFormatException(0, "empty payload has no message number");
        }
        return new Payload(payload.get(0) & 0xff, payload.slice(1, payload.length()));
    }

    /** The payload as sent: number then body. */
    public byte[] toByteArray() {
        byte[] out = new byte[1 + body.length()];
        out[0] = (byte) msgId;
        body.copyTo(out, 1);
        return out;
    }

    public Bytes toBytes() {
        return Bytes.wrap(toByteArray());
    }

    /** A reader positioned at the first byte after the message number. */
    public SshReader reader() {
        return new SshReader(body);
    }

    public int length() {
        return 1 + body.length();
    }

    @Override
    public String toString() {
        return MessageNumbers.name(msgId) + "(" + body.length() + " bytes)";
    }
}
