package org.sshwire.sftp;

import java.util.Objects;
import java.util.Set;
import org.sshwire.sftp.internal.SftpFraming;

/**
 * Policy of the SFTP server ({@link SftpSubsystem}, {@link SftpStreamServer}): read-only mode, request allow/deny lists (OpenSSH
 * sftp-server's {@code -R}, {@code -p}, {@code -P}) and the limits announced by
 * {@code limits@openssh.com}.
 *
 * <pre>{@code
 * SftpServerConfig c = SftpServerConfig.defaults().withReadOnly(true).withDenied(Set.of("remove"));
 * }</pre>
 *
 * @param readOnly      refuse every request that modifies the file system (PERMISSION_DENIED)
 * @param allowed       if non-null, only these request names are permitted (OpenSSH's names:
 *                      "open", "read", ..., and "posix-rename", "statvfs", ... for extensions)
 * @param denied        request names refused with PERMISSION_DENIED
 * @param maxHandles    open files and directories at once (more: SSH_FX_FAILURE, as EMFILE)
 * @param maxInFlight   filesystem operations queued or running before the engine stops asking
 *                      for input (backpressure on the channel)
 * @param maxReadLength a READ for more is shortened to this (OpenSSH: 256 KiB − 1024)
 */
public record SftpServerConfig(boolean readOnly, Set<String> allowed, Set<String> denied,
                               int maxHandles, int maxInFlight, int maxReadLength) {
    public SftpServerConfig {
        allowed = allowed == null ? null : Set.copyOf(allowed);
        denied = Set.copyOf(Objects.requireNonNull(denied));
        if (maxHandles < 1 || maxInFlight < 1 || maxReadLength < 1
                || maxReadLength > SftpFraming.DEFAULT_MAX_PACKET - 1024) {
            throw new IllegalArgumentException("bad limits");
        }
    }

    public static SftpServerConfig defaults() {
        return new SftpServerConfig(false, null, Set.of(), 256, 256, SftpFraming.DEFAULT_MAX_PACKET - 1024);
    }

    public SftpServerConfig withReadOnly(boolean ro) {
        return new SftpServerConfig(ro, allowed, denied, maxHandles, maxInFlight, maxReadLength);
    }

    public SftpServerConfig withAllowed(Set<String> names) {
        return new SftpServerConfig(readOnly, names, denied, maxHandles, maxInFlight, maxReadLength);
    }

    public SftpServerConfig withDenied(Set<String> names) {
        return new SftpServerConfig(readOnly, allowed, names, maxHandles, maxInFlight, maxReadLength);
    }

    public SftpServerConfig withMaxHandles(int n) {
        return new SftpServerConfig(readOnly, allowed, denied, n, maxInFlight, maxReadLength);
    }

    /** Whether the request called {@code name} may run (both lists consulted). */
    public boolean permits(String name) {
        return (allowed == null || allowed.contains(name)) && !denied.contains(name);
    }
}
