package org.sshwire.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark runs sshwire's server and bastion as the launcher ships them. */
class JavaCommandTest {
    @Test
    void theServersHeapOptionsAreTheLaunchers() throws Exception {
        String launcher = Files.readString(Path.of("..", "sshwire"));
        String line = launcher.lines().filter(l -> l.startsWith("server_gc=(")).findFirst().orElseThrow();
        for (String option : JavaCommand.SERVER_GC) {
            assertTrue(line.contains(option), () -> option + " missing from the launcher's " + line);
        }
        assertTrue(JavaCommand.sshwireServer("Main").containsAll(JavaCommand.SERVER_GC));
        long passed = launcher.lines().filter(l -> l.contains("exec java") && l.contains("\"${server_gc[@]}\"")).count();
        assertTrue(passed == 2, "the launcher passes server_gc to the java of server and proxy");
    }
}
