package org.sshwire.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.sshwire.auth.Decision;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.SshServer;
import org.sshwire.sftp.SftpSubsystem;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;

/**
 * The workload the {@code sshwire} launcher runs once after building the jar, under
 * {@code -XX:ArchiveClassesAtExit}, to make the class-data-sharing archive that later runs map
 * instead of loading and verifying the same few thousand classes (issue 22 item 5: start-up). It
 * does in one JVM what users do first: {@code keygen}, then {@code ssh host true} and an
 * {@code sftp} put and get against a server on 127.0.0.1 with the default algorithms, so the
 * client's, the server's and the key exchange's classes are all in the archive. Nothing leaves
 * its temporary directory; it is not a subcommand.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        ProcessExit.exit(run());
    }

    /** The workload; 0 when every step succeeded. */
    static int run() throws Exception {
        Path dir = Files.createTempDirectory("sshwire-cds-");
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        try {
            Path id = dir.resolve("id");
            Sshwire.commandLine(quiet, quiet).execute("keygen", "-q", "-t", "ed25519", "-N", "", "-f", id.toString());
            Path root = Files.createDirectories(dir.resolve("root"));
            Files.writeString(dir.resolve("up.txt"), "training\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("batch"), "put " + dir.resolve("up.txt") + " up.txt\nget up.txt "
                    + dir.resolve("down.txt") + "\nls -l\n", StandardCharsets.UTF_8);
            SshKeyPair host = SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend());
            try (SftpSubsystem sftp = SftpSubsystem.rootedAt(root);
                 SshServer server = SshServer.builder().hostKey(host)
                         .auth(ServerAuthPolicy.builder().publicKeyCallback((c, u, k) -> Decision.accept()).build())
                         .handler(s -> s.exit(0))
                         .subsystem("sftp", sftp)
                         .build().start()) {
                List<String> common = List.of("-F", "/dev/null", "-i", id.toString(), "-o", "StrictHostKeyChecking=no",
                        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR");
                String port = String.valueOf(server.port());
                int code = Sshwire.commandLine(quiet, quiet).execute(concat(List.of("ssh"), common,
                        List.of("-p", port, "training@127.0.0.1", "true")));
                code |= Sshwire.commandLine(quiet, quiet).execute(concat(List.of("sftp"), common,
                        List.of("-P", port, "-b", dir.resolve("batch").toString(), "training@127.0.0.1")));
                return code | (Files.isRegularFile(dir.resolve("down.txt")) ? 0 : 1);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String[] concat(List<String> a, List<String> b, List<String> c) {
        return Stream.of(a, b, c).flatMap(List::stream).toArray(String[]::new);
    }
}
