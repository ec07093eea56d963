package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code sshwire sftp --help} and the option checks made before connecting. */
class SftpCommandHelpTest {
    @Test
    void helpListsOpenSshsFlags() {
        CliRun.Result r = CliRun.ok("sftp", "--help");
        assertTrue(r.out().startsWith("Usage: sshwire sftp "), r.out());
        for (String flag : new String[] {"-P=port", "-i=identity_file", "-o=Keyword=value", "-F=ssh_config", "-b=batchfile", "-B=buffer_size",
            "-R=num_requests", " -r ", " -p ", " -q "}) {
            assertTrue(r.out().contains(flag), flag + " in\n" + r.out());
        }
        assertTrue(CliRun.ok("--help").out().contains("sftp"), "listed by the root command");
    }

    @Test
    void aBadBufferSizeIsOneLineBeforeConnecting() {
        CliRun.Result r = CliRun.sshwire("sftp", "-B", "0", "127.0.0.1");
        assertEquals(1, r.exit());
        assertEquals("sshwire: invalid buffer size 0 (1..261120)\n", r.err());
    }

    @Test
    void aMissingBatchFileIsOneLine() {
        CliRun.Result r = CliRun.sshwire("sftp", "-b", "/nonexistent/batch", "127.0.0.1");
        assertEquals(255, r.exit());
        assertEquals("sshwire: cannot read batch file /nonexistent/batch\n", r.err());
    }
}
