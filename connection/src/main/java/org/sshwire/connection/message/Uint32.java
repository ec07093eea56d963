package org.sshwire.connection.message;

/** Range checks for values sent as {@code uint32} (RFC 4251 §5). */
final class Uint32 {
    static final long MAX = 0xffff_ffffL;

    private Uint32() {
    }

    static long check(long v, String what) {
        if (v < 0 || v > MAX) {
            throw new IllegalArgumentException(what + " is not a uint32: " + v);
        }
        return v;
    }
}
