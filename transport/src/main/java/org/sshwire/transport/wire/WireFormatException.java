package org.sshwire.transport.wire;

/**
 * Malformed SSH wire data: the one unchecked error every decoder raises for bad input.
 *
 * <p>It carries the offset (within the buffer being decoded) at which decoding failed and a
 * short reason, so a trace can point at the offending byte.
 */
public final class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String reason;

    public WireFormatException(int offset, String reason) {
        super(reason + " at offset " + offset);
        this.offset = offset;
        this.reason = reason;
    }

    /** Offset into the decoded buffer where the error was found. */
    public int offset() {
        return offset;
    }

    /** The reason without the offset. */
    public String reason() {
        return reason;
    }
}
