package org.sshwire.transport.internal.packet;

import java.util.List;

/**
 * An SSH compression method (RFC 4253 §6.2): {@code none}, {@code zlib} (from the first packet
 * after NEWKEYS) and OpenSSH's {@code zlib@openssh.com} (delayed: from the first packet after
 * SSH_MSG_USERAUTH_SUCCESS, so nothing an unauthenticated peer sends is ever inflated).
 *
 * @param name    the wire name
 * @param zlib    whether payloads are zlib-compressed
 * @param delayed whether compression waits for successful authentication
 */
public record CompressionAlgorithm(String name, boolean zlib, boolean delayed) {
    public static final CompressionAlgorithm NONE = new CompressionAlgorithm("none", false, false);
    public static final CompressionAlgorithm ZLIB = new CompressionAlgorithm("zlib", true, false);
    public static final CompressionAlgorithm ZLIB_OPENSSH = new CompressionAlgorithm("zlib@openssh.com", true, true);

    public static final List<CompressionAlgorithm> ALL = List.of(NONE, ZLIB_OPENSSH, ZLIB);

    /** The method with this wire name, or null. */
    public static CompressionAlgorithm byName(String name) {
        for (CompressionAlgorithm c : ALL) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Whether compression is on for packets sent now, given whether authentication has succeeded. */
    public boolean activeAfter(boolean authenticated) {
        return zlib && (!delayed || authenticated);
    }

    @Override
    public String toString() {
        return name;
    }
}
