package org.sshwire.sftp;

import org.sshwire.transport.wire.Bytes;

/**
 * A handle returned by OPEN or OPENDIR (draft-ietf-secsh-filexfer-02 §6.3): opaque bytes the
 * server chose.
 *
 * <pre>{@code
 * SftpHandle h = client.open("/f", OpenFlags.READ, FileAttributes.EMPTY);
 * }</pre>
 */
public record SftpHandle(Bytes value) {
}
