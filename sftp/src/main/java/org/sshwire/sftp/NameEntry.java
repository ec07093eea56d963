package org.sshwire.sftp;

import java.util.Objects;

/**
 * One directory entry as SSH_FXP_NAME carries it (draft-ietf-secsh-filexfer-02 §7): the file's
 * name, an {@code ls -l} style line, and its attributes.
 *
 * <pre>{@code
 * for (NameEntry e : sftp.list("/srv")) System.out.println(e.longname());
 * }</pre>
 */
public record NameEntry(String filename, String longname, FileAttributes attrs) {
    public NameEntry {
        Objects.requireNonNull(filename);
        Objects.requireNonNull(longname);
        Objects.requireNonNull(attrs);
    }
}
