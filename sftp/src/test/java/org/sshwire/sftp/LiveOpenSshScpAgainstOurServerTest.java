package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's {@code scp} (SFTP mode, the default since OpenSSH 9.0) against our server, without
 * SSH: {@code scp -S prog} runs {@code prog ... -s -- host sftp} instead of ssh, and our
 * {@code prog} ignores those arguments and execs {@link SftpServerMain} on the test's root.
 */
class LiveOpenSshScpAgainstOurServerTest {
    @TempDir
    Path tmp;
    Path root;
    Path local;
    Path fakeSsh;

    @BeforeEach
    void setUp() throws Exception {
        OpenSsh.require(OpenSsh.SCP);
        root = Files.createDirectory(tmp.resolve("root"));
        local = Files.createDirectory(tmp.resolve("local"));
        Path launcher = OurServerLauncher.write(tmp);
        fakeSsh = tmp.resolve("fake-ssh");
        Files.writeString(fakeSsh, "#!/bin/sh\nexec '" + launcher + "' -d '" + root + "'\n");
        Files.setPosixFilePermissions(fakeSsh, PosixFilePermissions.fromString("rwx------"));
    }

    void scp(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SCP.toString(), "-s", "-q", "-S", fakeSsh.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(local.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "scp did not finish");
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void scpCopiesALargeFileBothWaysByteExact() throws Exception {
        Trees.writeRandomFile(local.resolve("big.bin"), OpenSsh.largeFileBytes(), 13);
        scp("big.bin", "host:big.bin");
        scp("host:big.bin", "big.back");
        String want = Trees.sha256(local.resolve("big.bin"));
        assertEquals(want, Trees.sha256(root.resolve("big.bin")));
        assertEquals(want, Trees.sha256(local.resolve("big.back")));
    }

    @Test
    void scpCopiesAThousandFileTreeBothWaysByteExact() throws Exception {
        Trees.writeTree(local.resolve("tree"), 1000, 17);
        scp("-r", "tree", "host:tree");
        scp("-r", "host:tree", "tree.back");
        assertEquals(Trees.digests(local.resolve("tree")), Trees.digests(root.resolve("tree")));
        assertEquals(Trees.digests(local.resolve("tree")), Trees.digests(local.resolve("tree.back")));
    }
}
