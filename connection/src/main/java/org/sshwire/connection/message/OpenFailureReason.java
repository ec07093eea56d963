package org.sshwire.connection.message;

/** SSH_MSG_CHANNEL_OPEN_FAILURE reason codes (RFC 4254 §5.1, RFC 4250 §4.3). */
public enum OpenFailureReason {
    ADMINISTRATIVELY_PROHIBITED(1),
    CONNECT_FAILED(2),
    UNKNOWN_CHANNEL_TYPE(3),
    RESOURCE_SHORTAGE(4);

    private final int code;

    OpenFailureReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason for {@code code}, or null for a code outside the registry. */
    public static OpenFailureReason of(long code) {
        for (OpenFailureReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
