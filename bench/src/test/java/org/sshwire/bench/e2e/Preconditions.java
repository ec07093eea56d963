package org.sshwire.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What the harness needs from the machine, and the machine facts printed above every table. */
final class Preconditions {
    static final List<Path> TOOLS = List.of(OpenSshClient.SSH, OpenSshClient.SFTP, ServerUnderTest.SSHD,
            Path.of("/usr/bin/ssh-keygen"), Path.of("/usr/bin/time"));

    private Preconditions() {
    }

    /** The missing tools, empty if all are there. */
    static List<Path> missingTools() {
        return TOOLS.stream().filter(p -> !Files.isExecutable(p)).toList();
    }

    static void requireTools() {
        List<Path> missing = missingTools();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing " + missing + ": install openssh-client, openssh-server and time");
        }
    }

    /** For the smoke tests: missing tools fail the test under CI=true (which installs them) and skip it elsewhere. */
    static void requireToolsUnderCiElseSkip() {
        List<Path> missing = missingTools();
        if (!missing.isEmpty()) {
            String msg = "missing " + missing + ": install openssh-client, openssh-server and time";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(msg + " (CI=true requires them)");
            }
            org.junit.jupiter.api.Assumptions.abort(msg);
        }
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux; the table says "unknown CPU"
        }
        String openssh = Proc.run(List.of(OpenSshClient.SSH.toString(), "-V"), Duration.ofSeconds(10)).stderr().trim();
        return ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE) + ", " + Runtime.getRuntime().availableProcessors()
                + " cores of " + cpu + ", Java " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + (JavaCommand.VECTOR_MODULE ? " (sshwire's JVMs with --add-modules jdk.incubator.vector)" : "")
                + ", " + openssh + ", MINA SSHD " + minaVersion() + ".\n";
    }

    private static String minaVersion() {
        Package p = org.apache.sshd.server.SshServer.class.getPackage();
        return p.getImplementationVersion() != null ? p.getImplementationVersion() : "2.16.0";
    }
}
