package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.sftp.internal.UploadTempFiles;

/**
 * Temp files a crashed server left behind are removed when a server starts (its start
 * directory) or uploads into their directory — and nothing else is: a file is removed only if
 * its name is exactly ours, it is a regular file we own, and the process that wrote it is gone.
 */
class StaleUploadTempFilesTest {
    private static final int PUT = OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC;

    @TempDir
    Path root;

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The pid of a process that has exited (so a temp file named for it is stale). */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.pid();
    }

    private static String tempName(long pid, long startMillis, String target) {
        return UploadTempFiles.PREFIX + pid + "-" + Long.toString(startMillis, 36) + "-abc123-" + target;
    }

    @Test
    void aStartingServerRemovesTheTempFileOfADeadWriterAndKeepsEverythingElse() throws Exception {
        long dead = deadPid();
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(root.resolve(tempName(dead, 1_700_000_000_000L, "f")), "stale");
        // a live writer (this JVM's parent stands in for another server) keeps its temp file
        ProcessHandle parent = self.parent().orElseThrow();
        long parentStart = parent.info().startInstant().map(Instant::toEpochMilli).orElseThrow();
        Files.writeString(root.resolve(tempName(parent.pid(), parentStart, "g")), "live, another process");
        // the right pid but another start time: the pid was reused, the writer is gone
        Files.writeString(root.resolve(tempName(parent.pid(), parentStart - 3_600_000, "h")), "reused pid");
        // a user's own files that only look similar
        Files.writeString(root.resolve(".sshwire-upload-notes.txt"), "mine");
        Files.writeString(root.resolve("sshwire-upload-" + dead + "-1-abc-f"), "mine, no dot");
        Files.createDirectory(root.resolve(tempName(dead, 1, "dir")));
        Files.createSymbolicLink(root.resolve(tempName(dead, 2, "link")), root.resolve(".sshwire-upload-notes.txt"));
        Path foreign = Files.writeString(root.resolve(tempName(dead, 3, "foreign")), "another user's");
        boolean root0 = UploadTempFiles.ourUid().orElse(-1) == 0;
        if (root0) {
            Files.setAttribute(foreign, "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);
        }

        RootedFileSystem.at(root);

        List<String> left = names(root);
        assertFalse(left.contains(tempName(dead, 1_700_000_000_000L, "f")), left.toString());
        assertFalse(left.contains(tempName(parent.pid(), parentStart - 3_600_000, "h")), left.toString());
        assertTrue(left.containsAll(List.of(tempName(parent.pid(), parentStart, "g"), ".sshwire-upload-notes.txt",
                "sshwire-upload-" + dead + "-1-abc-f", tempName(dead, 1, "dir"), tempName(dead, 2, "link"))), left.toString());
        assertEquals(root0, left.contains(tempName(dead, 3, "foreign")), left.toString());
    }

    @Test
    void anotherSessionInTheSameServerNeverRemovesALiveUpload() throws Exception {
        Files.writeString(root.resolve("f"), "old");
        SftpFileSystem.File upload = RootedFileSystem.at(root).open("/f", PUT, FileAttributes.EMPTY);
        upload.write(0, new byte[] {'n', 'e', 'w'}, 0, 3);
        // a second session starts and uploads into the same directory: both sweep it
        RootedFileSystem second = RootedFileSystem.at(root);
        Files.writeString(root.resolve("g"), "old");
        second.open("/g", PUT, FileAttributes.EMPTY).close();
        upload.close();
        assertEquals("new", Files.readString(root.resolve("f")));
        assertEquals(List.of("f", "g"), names(root));
    }

    @Test
    void aStaleTempFileOutsideTheStartDirectoryGoesWithTheNextUploadIntoItsDirectory() throws Exception {
        Path sub = Files.createDirectory(root.resolve("sub"));
        Files.writeString(sub.resolve("f"), "old");
        String stale = tempName(deadPid(), 1, "f");
        Files.writeString(sub.resolve(stale), "stale");
        RootedFileSystem fs = RootedFileSystem.at(root);
        assertTrue(names(sub).contains(stale)); // only the start directory is swept at start
        SftpFileSystem.File f = fs.open("/sub/f", PUT, FileAttributes.EMPTY);
        f.close();
        assertEquals(List.of("f"), names(sub));
    }
}
