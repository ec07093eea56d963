package org.sshwire.proxy.internal.record;

import java.nio.file.Path;

/**
 * Where an SFTP session's file contents are saved: {@code DIR/SEQ-write-NAME} and
 * {@code DIR/SEQ-read-NAME} for the bytes written and read through the SEQth handle opened in the
 * session, NAME being the last component of the path the client opened, sanitised. The path is
 * the peer's: {@code ..}, {@code /}, control characters and anything else outside a plain file
 * name's characters are replaced, so a saved file never lands outside {@code DIR}.
 */
final class SftpContents {
    /** Files a session may have open for saving at once; a client holding more handles open gets the rest unsaved. */
    static final int MAX_OPEN = 256;
    private static final int MAX_NAME = 100;

    private final Path dir;
    private final Path logDir;
    private final ContentBudget budget;
    private final ContentWriter writer;
    private int open;

    /**
     * @param dir where the contents go (created, by the writer, with the first file)
     * @param logDir the operations log's directory, against which the log names the files
     */
    SftpContents(Path dir, Path logDir, ContentBudget budget, ContentWriter writer) {
        this.dir = dir.toAbsolutePath().normalize();
        this.logDir = logDir.toAbsolutePath().normalize();
        this.budget = budget;
        this.writer = writer;
    }

    ContentWriter writer() {
        return writer;
    }

    /** A new file for handle {@code seq}'s bytes going {@code way} ("write" or "read"), or null past {@link #MAX_OPEN}. */
    SavedBytes create(int seq, String way, String sftpPath) {
        if (open >= MAX_OPEN) {
            return null;
        }
        Path f = dir.resolve(seq + "-" + way + "-" + sanitise(sftpPath)).normalize();
        if (!f.getParent().equals(dir)) {
            throw new IllegalStateException("a sanitised name left the directory: " + f); // cannot happen: no separators remain
        }
        open++;
        return new SavedBytes(f, budget, writer);
    }

    void closed() {
        open--;
    }

    /** The name the operations log gives {@code saved}: relative to the log's directory, '/'-separated. */
    String name(SavedBytes saved) {
        return logDir.relativize(saved.path()).toString().replace(java.io.File.separatorChar, '/');
    }

    /**
     * The last component of an SFTP path as a harmless file name: only letters, digits, '.',
     * '-', '_' and '+' kept, anything else (separators, controls, spaces, non-ASCII) as '_'; a
     * leading '.' as '_' (no "..", no hidden files); at most 100 characters; "_" for nothing.
     */
    static String sanitise(String sftpPath) {
        String base = sftpPath;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        while (slash >= 0 && slash == base.length() - 1 && base.length() > 1) { // "dir/" names dir
            base = base.substring(0, slash);
            slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        }
        base = base.substring(slash + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < base.length() && b.length() < MAX_NAME; i++) {
            char c = base.charAt(i);
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '+');
            b.append(plain && !(c == '.' && b.length() == 0) ? c : '_');
        }
        return b.length() == 0 ? "_" : b.toString();
    }
}
