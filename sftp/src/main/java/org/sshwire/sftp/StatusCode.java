package org.sshwire.sftp;

/**
 * SSH_FX_* status codes of draft-ietf-secsh-filexfer-02 §7, with the messages OpenSSH's
 * sftp-server sends for them (sftp-server.c {@code status_to_message}).
 *
 * <pre>{@code
 * StatusCode.message(StatusCode.NO_SUCH_FILE);   // "No such file"
 * }</pre>
 */
public final class StatusCode {
    public static final int OK = 0;
    public static final int EOF = 1;
    public static final int NO_SUCH_FILE = 2;
    public static final int PERMISSION_DENIED = 3;
    public static final int FAILURE = 4;
    public static final int BAD_MESSAGE = 5;
    public static final int NO_CONNECTION = 6;
    public static final int CONNECTION_LOST = 7;
    public static final int OP_UNSUPPORTED = 8;

    private static final String[] MESSAGES = {
        "Success", "End of file", "No such file", "Permission denied", "Failure",
        "Bad message", "No connection", "Connection lost", "Operation unsupported",
    };

    private StatusCode() {
    }

    /** OpenSSH's message for {@code code}; "Unknown error" for codes beyond the draft's. */
    public static String message(long code) {
        return code >= 0 && code < MESSAGES.length ? MESSAGES[(int) code] : "Unknown error";
    }

    /** The constant's name, e.g. "SSH_FX_EOF", for diagnostics. */
    public static String name(long code) {
        String[] names = {"SSH_FX_OK", "SSH_FX_EOF", "SSH_FX_NO_SUCH_FILE", "SSH_FX_PERMISSION_DENIED",
            "SSH_FX_FAILURE", "SSH_FX_BAD_MESSAGE", "SSH_FX_NO_CONNECTION", "SSH_FX_CONNECTION_LOST",
            "SSH_FX_OP_UNSUPPORTED"};
        return code >= 0 && code < names.length ? names[(int) code] : "SSH_FX_" + code;
    }
}
