package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every subcommand answers {@code --help} with its usage, its options and exit status 0. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"server", "proxy", "ssh", "sftp", "sftp-server", "keygen", "scan", "agent", "decrypt", "replay"})
    void everySubcommandHasHelp(String name) {
        CliRun.Result r = CliRun.sshwire(name, "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: sshwire " + name + " "), r.out());
        assertTrue(r.out().contains("--help"), r.out()); // keygen and sftp-server keep -h for their own flags
        assertEquals("", r.err());
    }

    /** {@code sshwire proxy sessions}, the bastion's live view, has its own help (and needs none of the bastion's options). */
    @Test
    void proxySessionsHasHelp() {
        CliRun.Result r = CliRun.sshwire("proxy", "sessions", "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: sshwire proxy sessions "), r.out());
        assertTrue(r.out().contains("--terminate=ID"), r.out());
        assertTrue(CliRun.sshwire("proxy", "--help").out().contains("  sessions "), "proxy's help lists it");
    }

    /** The list above is every subcommand there is, so a new one cannot go without this test. */
    @Test
    void theListAboveIsComplete() {
        CommandLine cl = Sshwire.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Map<String, CommandLine> subs = cl.getSubcommands();
        assertEquals(java.util.Set.of("server", "proxy", "ssh", "sftp", "sftp-server", "keygen", "scan", "agent", "decrypt", "replay", "help"), subs.keySet());
    }

    @Test
    void rootHelpListsTheSubcommandsAndVersionWorks() {
        CliRun.Result r = CliRun.sshwire("--help");
        assertEquals(0, r.exit());
        for (String name : new String[] {"server", "proxy", "ssh", "sftp", "sftp-server", "keygen", "scan", "agent", "decrypt", "replay"}) {
            assertTrue(r.out().contains("  " + name + " "), name + " in\n" + r.out());
        }
        assertTrue(CliRun.sshwire("--version").out().startsWith("sshwire "), "version");
    }

    /** ControlMaster is out of scope, and ssh's help must say so rather than leave -O unknown. */
    @Test
    void sshHelpListsTheClientFlagsAndSaysControlMasterIsOutOfScope() {
        CliRun.Result r = CliRun.sshwire("ssh", "--help");
        assertEquals(0, r.exit());
        for (String flag : new String[] {"-J=", "-W=", "-D=", "-v"}) {
            assertTrue(r.out().contains(flag), flag + " in\n" + r.out());
        }
        assertTrue(r.out().contains("Not supported: -O check|exit"), r.out());
        CliRun.Result o = CliRun.sshwire("ssh", "-O", "check", "host");
        assertEquals(2, o.exit());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRun.Result r = CliRun.sshwire("ssh", "--frobnicate", "host");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("Unknown option: '--frobnicate'"), r.err());
    }
}
