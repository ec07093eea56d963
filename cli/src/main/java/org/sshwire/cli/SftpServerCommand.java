package org.sshwire.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sshwire.sftp.SftpServerMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code sshwire sftp-server}: SFTP over stdin/stdout, a drop-in for OpenSSH's sftp-server with
 * its flags ({@code -d -e -l -f -R -P -p -u -h -Q}), so {@code sshd}'s {@code Subsystem sftp}
 * and {@code sftp -D} can run it.
 *
 * <pre>{@code
 * Subsystem sftp /opt/sshwire/sshwire sftp-server -d %d      # sshd_config
 * sftp -D "/opt/sshwire/sshwire sftp-server -d /srv/files"
 * }</pre>
 */
@Command(name = "sftp-server", description = "SFTP over stdin/stdout with OpenSSH sftp-server's flags (-d -e -l -f -R -P -p -u -h).")
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
