package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RootedFileSystem over an in-memory file system (Jimfs), through our server and client. */
class InMemoryRootedFileSystemTest {
    @TempDir
    Path local;

    @Test
    void treesTransferAndTheJailHoldsOnAnInMemoryFileSystem() throws Exception {
        try (FileSystem mem = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "posix").build())) {
            Path root = Files.createDirectories(mem.getPath("/srv/root"));
            Path sibling = Files.createDirectories(mem.getPath("/srv/root2"));
            Files.writeString(sibling.resolve("secret"), "secret");
            Files.createSymbolicLink(root.resolve("out"), sibling.resolve("secret"));
            Files.createSymbolicLink(root.resolve("rel-out"), mem.getPath("../root2/secret"));
            try (InProcessServer s = new InProcessServer(RootedFileSystem.at(root), SftpServerConfig.defaults())) {
                SftpClient c = s.client;
                Trees.writeTree(local.resolve("tree"), 100, 4);
                c.putTree(local.resolve("tree"), "/tree", TransferOptions.defaults());
                c.getTree("/tree", local.resolve("back"), TransferOptions.defaults());
                assertEquals(Trees.digests(local.resolve("tree")), Trees.digests(local.resolve("back")));

                Files.writeString(local.resolve("v1"), "first version");
                Files.writeString(local.resolve("v2"), "second");
                c.put(local.resolve("v1"), "/f", TransferOptions.defaults());
                c.put(local.resolve("v2"), "/f", TransferOptions.defaults());
                assertEquals("second", Files.readString(root.resolve("f")));
                try (Stream<Path> l = Files.list(root)) {
                    assertEquals(List.of("f", "out", "rel-out", "tree"), l.map(p -> p.getFileName().toString()).sorted().toList());
                }

                assertEquals("/", c.realPath("/../.."));
                assertEquals(StatusCode.PERMISSION_DENIED, assertThrows(SftpException.class, () -> c.stat("out")).status());
                assertEquals(StatusCode.PERMISSION_DENIED, assertThrows(SftpException.class, () -> c.readLink("rel-out")).status());
                assertEquals(StatusCode.NO_SUCH_FILE, assertThrows(SftpException.class, () -> c.stat("../root2/secret")).status());
                assertEquals(0644, c.stat("/f").permissions() & 0777);
            }
        }
    }
}
