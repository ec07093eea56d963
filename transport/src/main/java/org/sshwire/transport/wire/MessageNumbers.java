package org.sshwire.transport.wire;

/**
 * SSH message numbers (RFC 4250 §4.1 and the RFCs it cites) and their names for tracing.
 *
 * <p>Numbers 30–49 belong to the negotiated key exchange method and 60–79 to the current
 * authentication method; {@link #name(int)} gives a neutral name for those, and the layers that
 * know the context name them precisely.
 */
public final class MessageNumbers {
    private MessageNumbers() {
    }

    // RFC 4253 transport layer generic (1-19), algorithm negotiation (20-29)
    public static final int SSH_MSG_DISCONNECT = 1;
    public static final int SSH_MSG_IGNORE = 2;
    public static final int SSH_MSG_UNIMPLEMENTED = 3;
    public static final int SSH_MSG_DEBUG = 4;
    public static final int SSH_MSG_SERVICE_REQUEST = 5;
    public static final int SSH_MSG_SERVICE_ACCEPT = 6;
    public static final int SSH_MSG_EXT_INFO = 7; // RFC 8308
    public static final int SSH_MSG_NEWCOMPRESS = 8; // RFC 8308
    public static final int SSH_MSG_PING = 192; // OpenSSH PROTOCOL: ping@openssh.com (transport, local extension range)
    public static final int SSH_MSG_PONG = 193;
    public static final int SSH_MSG_KEXINIT = 20;
    public static final int SSH_MSG_NEWKEYS = 21;

    // Key exchange method specific (30-49)
    public static final int SSH_MSG_KEXDH_INIT = 30;
    public static final int SSH_MSG_KEXDH_REPLY = 31;
    public static final int SSH_MSG_KEX_ECDH_INIT = 30; // RFC 5656
    public static final int SSH_MSG_KEX_ECDH_REPLY = 31;
    public static final int SSH_MSG_KEX_DH_GEX_REQUEST_OLD = 30; // RFC 4419
    public static final int SSH_MSG_KEX_DH_GEX_GROUP = 31;
    public static final int SSH_MSG_KEX_DH_GEX_INIT = 32;
    public static final int SSH_MSG_KEX_DH_GEX_REPLY = 33;
    public static final int SSH_MSG_KEX_DH_GEX_REQUEST = 34;

    // RFC 4252 user authentication generic (50-59), method specific (60-79)
    public static final int SSH_MSG_USERAUTH_REQUEST = 50;
    public static final int SSH_MSG_USERAUTH_FAILURE = 51;
    public static final int SSH_MSG_USERAUTH_SUCCESS = 52;
    public static final int SSH_MSG_USERAUTH_BANNER = 53;
    public static final int SSH_MSG_USERAUTH_PK_OK = 60;
    public static final int SSH_MSG_USERAUTH_PASSWD_CHANGEREQ = 60;
    public static final int SSH_MSG_USERAUTH_INFO_REQUEST = 60; // RFC 4256
    public static final int SSH_MSG_USERAUTH_INFO_RESPONSE = 61;

    // RFC 4254 connection protocol generic (80-89), channel related (90-127)
    public static final int SSH_MSG_GLOBAL_REQUEST = 80;
    public static final int SSH_MSG_REQUEST_SUCCESS = 81;
    public static final int SSH_MSG_REQUEST_FAILURE = 82;
    public static final int SSH_MSG_CHANNEL_OPEN = 90;
    public static final int SSH_MSG_CHANNEL_OPEN_CONFIRMATION = 91;
    public static final int SSH_MSG_CHANNEL_OPEN_FAILURE = 92;
    public static final int SSH_MSG_CHANNEL_WINDOW_ADJUST = 93;
    public static final int SSH_MSG_CHANNEL_DATA = 94;
    public static final int SSH_MSG_CHANNEL_EXTENDED_DATA = 95;
    public static final int SSH_MSG_CHANNEL_EOF = 96;
    public static final int SSH_MSG_CHANNEL_CLOSE = 97;
    public static final int SSH_MSG_CHANNEL_REQUEST = 98;
    public static final int SSH_MSG_CHANNEL_SUCCESS = 99;
    public static final int SSH_MSG_CHANNEL_FAILURE = 100;

    private static final String[] NAMES = new String[256];

    static {
        NAMES[1] = "SSH_MSG_DISCONNECT";
        NAMES[2] = "SSH_MSG_IGNORE";
        NAMES[3] = "SSH_MSG_UNIMPLEMENTED";
        NAMES[4] = "SSH_MSG_DEBUG";
        NAMES[5] = "SSH_MSG_SERVICE_REQUEST";
        NAMES[6] = "SSH_MSG_SERVICE_ACCEPT";
        NAMES[7] = "SSH_MSG_EXT_INFO";
        NAMES[8] = "SSH_MSG_NEWCOMPRESS";
        NAMES[20] = "SSH_MSG_KEXINIT";
        NAMES[21] = "SSH_MSG_NEWKEYS";
        NAMES[50] = "SSH_MSG_USERAUTH_REQUEST";
        NAMES[51] = "SSH_MSG_USERAUTH_FAILURE";
        NAMES[52] = "SSH_MSG_USERAUTH_SUCCESS";
        NAMES[53] = "SSH_MSG_USERAUTH_BANNER";
        NAMES[80] = "SSH_MSG_GLOBAL_REQUEST";
        NAMES[81] = "SSH_MSG_REQUEST_SUCCESS";
        NAMES[82] = "SSH_MSG_REQUEST_FAILURE";
        NAMES[90] = "SSH_MSG_CHANNEL_OPEN";
        NAMES[91] = "SSH_MSG_CHANNEL_OPEN_CONFIRMATION";
        NAMES[92] = "SSH_MSG_CHANNEL_OPEN_FAILURE";
        NAMES[93] = "SSH_MSG_CHANNEL_WINDOW_ADJUST";
        NAMES[94] = "SSH_MSG_CHANNEL_DATA";
        NAMES[95] = "SSH_MSG_CHANNEL_EXTENDED_DATA";
        NAMES[96] = "SSH_MSG_CHANNEL_EOF";
        NAMES[97] = "SSH_MSG_CHANNEL_CLOSE";
        NAMES[98] = "SSH_MSG_CHANNEL_REQUEST";
        NAMES[99] = "SSH_MSG_CHANNEL_SUCCESS";
        NAMES[100] = "SSH_MSG_CHANNEL_FAILURE";
        NAMES[192] = "SSH_MSG_PING";
        NAMES[193] = "SSH_MSG_PONG";
    }

    /**
     * The registered name of {@code msgId}; context-dependent numbers get a range name such as
     * {@code SSH_MSG_KEX_31}, and unassigned ones {@code SSH_MSG_UNKNOWN_n}.
     */
    public static String name(int msgId) {
        if (msgId >= 0 && msgId < 256 && NAMES[msgId] != null) {
            return NAMES[msgId];
        }
        if (msgId >= 30 && msgId <= 49) {
            return "SSH_MSG_KEX_" + msgId;
        }
        if (msgId >= 60 && msgId <= 79) {
            return "SSH_MSG_USERAUTH_" + msgId;
        }
        return "SSH_MSG_UNKNOWN_" + msgId;
    }

    /** The protocol layer a message number belongs to (RFC 4250 §4.1.2). */
    public enum Range {
        TRANSPORT_GENERIC(1, 19), ALGORITHM_NEGOTIATION(20, 29), KEY_EXCHANGE(30, 49),
        USERAUTH_GENERIC(50, 59), USERAUTH_METHOD(60, 79), CONNECTION_GENERIC(80, 89),
        CHANNEL(90, 127), RESERVED_CLIENT(128, 191), LOCAL_EXTENSION(192, 255), NONE(0, 0);

        public final int first;
        public final int last;

        Range(int first, int last) {
            this.first = first;
            this.last = last;
        }

        public static Range of(int msgId) {
            for (Range r : values()) {
                if (r != NONE && msgId >= r.first && msgId <= r.last) {
                    return r;
                }
            }
            return NONE;
        }
    }
}
