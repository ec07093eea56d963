package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.sftp.FileAttributes;

/** ls and df text, compared with what OpenSSH 9.2's sftp printed on this machine. */
class LsFormatTest {
    static final long NOV_22_2025_1743 = 1763833380L; // 2025-11-22T17:43:00Z

    @Test
    void longLineMatchesSftpsLsFile() {
        FileAttributes a = FileAttributes.EMPTY.withPermissions(FileAttributes.S_IFREG | 0644).withSize(6)
                .withOwner(0, 0).withTimes(NOV_22_2025_1743, NOV_22_2025_1743);
        assertEquals("-rw-r--r--    ? root     root            6 Nov 22 17:43 a.txt",
                LsFormat.longLine("a.txt", a, "root", "root", false, NOV_22_2025_1743 + 60, ZoneOffset.UTC));
        assertEquals("-rw-r--r--    ? 1000     1000            6 Nov 22  2025 a.txt",
                LsFormat.longLine("a.txt", a.withOwner(1000, 1000), null, null, false, NOV_22_2025_1743 + 200L * 86400, ZoneOffset.UTC));
        assertEquals("-rw-r--r--    ? root     root         4.0K Nov 22 17:43 a.txt",
                LsFormat.longLine("a.txt", a.withSize(4096), "root", "root", true, NOV_22_2025_1743, ZoneOffset.UTC));
    }

    @Test
    void modeStringsAsStrmode() {
        assertEquals("drwxr-xr-x ", LsFormat.mode(FileAttributes.S_IFDIR | 0755));
        assertEquals("lrwxrwxrwx ", LsFormat.mode(FileAttributes.S_IFLNK | 0777));
        assertEquals("-rwsr-sr-t ", LsFormat.mode(FileAttributes.S_IFREG | 07755));
        assertEquals("-rwSr-Sr-T ", LsFormat.mode(FileAttributes.S_IFREG | 07644));
    }

    @Test
    void scaledSizesAsFmtScaled() {
        assertEquals("0B", LsFormat.scaled(0));
        assertEquals("6B", LsFormat.scaled(6));
        assertEquals("1023B", LsFormat.scaled(1023));
        assertEquals("4.0K", LsFormat.scaled(4096));
        assertEquals("1.5M", LsFormat.scaled(3L << 19));
        assertEquals("252G", LsFormat.scaled(264212084L * 1024));
        assertEquals("21.9G", LsFormat.scaled(22982348L * 1024));
    }

    @Test
    void columnsAsSftpLaysThemOut() {
        // sftp> ls   →  "a.txt  batch  d      " (longest 5: 11 columns of 7)
        assertEquals(List.of("a.txt  batch  d      "), LsFormat.columns(List.of("a.txt", "batch", "d"), 5, 80));
        assertEquals(List.of("aaaa      b         ", "c         "), LsFormat.columns(List.of("aaaa", "b", "c"), 8, 20));
        assertEquals(List.of("verylongname", "x"), LsFormat.columns(List.of("verylongname", "x"), 12, 10)
                .stream().map(String::strip).toList(), "one column when names are wider than the terminal");
    }

    @Test
    void pathStripAsSftp() {
        assertEquals("d/", ListCommand.strip("/tmp/x/d/", "/tmp/x"));
        assertEquals("d/", ListCommand.strip("/d/", "/"));
        assertEquals("/other/d", ListCommand.strip("/other/d", "/tmp/x"));
        assertEquals("/tmp/x/d", ListCommand.strip("/tmp/x/d", null));
    }
}
