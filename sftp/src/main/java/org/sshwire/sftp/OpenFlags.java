package org.sshwire.sftp;

/**
 * SSH_FXF_* flags of SSH_FXP_OPEN (draft-ietf-secsh-filexfer-02 §6.3).
 *
 * <pre>{@code
 * int putFlags = OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC;  // what OpenSSH's put sends
 * }</pre>
 */
public final class OpenFlags {
    public static final int READ = 0x01;
    public static final int WRITE = 0x02;
    public static final int APPEND = 0x04;
    public static final int CREAT = 0x08;
    public static final int TRUNC = 0x10;
    public static final int EXCL = 0x20;

    private OpenFlags() {
    }

    /** Whether {@code pflags} can modify the file system (write, create or truncate). */
    public static boolean writes(int pflags) {
        return (pflags & (WRITE | APPEND | CREAT | TRUNC | EXCL)) != 0;
    }
}
