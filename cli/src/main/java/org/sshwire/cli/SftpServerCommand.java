package org.sshwire.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sshwire.sftp.internal.SftpServerMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code sshwire sftp-server}: SFTP over stdin/stdout, a drop-in for OpenSSH's sftp-server with
 * its flags ({@code -d -e -l -f -R -P -p -u -h -Q}) and its semantics (the whole file system,
 * starting in the working directory or {@code -d}), so {@code sshd}'s {@code Subsystem sftp}
 * and {@code sftp -D} can run it; our {@code -r root} confines the client to {@code root}.
 *
 * <pre>{@code
 * Subsystem sftp /opt/sshwire/sshwire sftp-server -d %d      # sshd_config
 * sftp -D "/opt/sshwire/sshwire sftp-server -d /srv/files"   # starts in /srv/files
 * sftp -D "/opt/sshwire/sshwire sftp-server -r /srv/files"   # sees only /srv/files, as /
 * }</pre>
 */
@Command(name = "sftp-server", description = {
    "SFTP over stdin/stdout with OpenSSH sftp-server's flags (-d -e -l -f -R -P -p -u -h -Q).",
    "As OpenSSH's: the whole file system with the user's rights, paths as they are, starting in the"
        + " working directory or -d start_directory.",
    "Ours: -r root_directory confines the client to root_directory, shown as /; -d is then inside it."})
final class SftpServerCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit (-h prints sftp-server's usage).")
    boolean help;

    /** Passed through to the stdio server, which parses sftp-server's flags itself. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        SftpServerMain.main(args.toArray(String[]::new)); // exits the JVM when the session ends
        return 0;
    }
}
