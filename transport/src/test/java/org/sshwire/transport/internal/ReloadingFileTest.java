package org.sshwire.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A system file is parsed again exactly when it may have changed. */
class ReloadingFileTest {
    private final AtomicInteger parses = new AtomicInteger();

    private ReloadingFile<List<String>> counting(Path p) {
        return new ReloadingFile<>(p, lines -> {
            parses.incrementAndGet();
            return List.copyOf(lines);
        });
    }

    /** Dates the file an hour back, as a passwd file nobody touched lately. */
    private static void age(Path p) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
    }

    @Test
    void anUnchangedFileIsParsedOnce(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("passwd");
        Files.writeString(p, "root:x:0:0::/root:/bin/sh\n");
        age(p);
        ReloadingFile<List<String>> f = counting(p);
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of("root:x:0:0::/root:/bin/sh"), f.get());
        }
        assertEquals(1, parses.get());
    }

    @Test
    void aFileRenamedOverTheOldOneIsReadAgainEvenWithTheSameSizeAndTime(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("passwd");
        Files.writeString(p, "alice:x:1001:1001::/home/alice:/bin/sh\n");
        age(p);
        ReloadingFile<List<String>> f = counting(p);
        f.get();
        Path next = dir.resolve("passwd+"); // what useradd and vipw do: write a new file, rename it over
        Files.writeString(next, "alice:x:1002:1002::/home/alice:/bin/sh\n");
        Files.setLastModifiedTime(next, Files.getLastModifiedTime(p));
        Files.move(next, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(List.of("alice:x:1002:1002::/home/alice:/bin/sh"), f.get(), "a new inode");
        assertEquals(2, parses.get());
    }

    @Test
    void anInPlaceEditIsSeenByItsNewTimeOrSize(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("group");
        Files.writeString(p, "wheel:x:10:\n");
        age(p);
        ReloadingFile<List<String>> f = counting(p);
        f.get();
        Files.writeString(p, "wheel:x:10:alice\n");
        age(p);
        assertEquals(List.of("wheel:x:10:alice"), f.get(), "another size");
        Files.writeString(p, "wheel:x:10:bobby\n");
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(60)));
        assertEquals(List.of("wheel:x:10:bobby"), f.get(), "another time");
        assertEquals(3, parses.get());
    }

    @Test
    void aFileModifiedJustNowIsReadAtEveryCallBecauseTheClockIsCoarse(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("shadow");
        Files.writeString(p, "alice:*:20000:0:99999:7:::\n");
        Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
        ReloadingFile<List<String>> f = counting(p);
        f.get();
        f.get();
        f.get();
        assertEquals(3, parses.get());
    }

    @Test
    void aMissingFileFailsEveryTimeUntilItExists(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("nsswitch.conf");
        ReloadingFile<List<String>> f = counting(p);
        assertThrows(NoSuchFileException.class, f::get);
        assertThrows(NoSuchFileException.class, f::get);
        Files.writeString(p, "passwd: files\n");
        assertEquals(List.of("passwd: files"), f.get());
        Files.delete(p);
        assertThrows(NoSuchFileException.class, f::get, "a deleted file is not answered from memory");
    }
}
