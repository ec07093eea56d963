package org.sshwire.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.config.SshClientSettings;
import org.sshwire.sftp.SftpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sshwire sftp [user@]host}: an SFTP client with OpenSSH sftp's flags and command language,
 * interactive or from a batch file. Logging in is {@link ClientLogin}'s job (as for
 * {@code sshwire ssh}); the commands are {@link SftpShell}'s.
 *
 * <pre>{@code
 * sshwire sftp -P 2222 -i ~/.ssh/id_ed25519 alice@127.0.0.1
 * sshwire sftp -b - alice@127.0.0.1 <<< 'put -r photos'
 * }</pre>
 */
@Command(name = "sftp", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Transfer files over SFTP, with OpenSSH sftp's flags and commands (interactive or -b batch).")
final class SftpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "destination", description = "[user@]host, [user@]host:path (a file is fetched, "
            + "a directory is where the session starts) or sftp://[user@]host[:port][/path].")
    String destination;
    @Parameters(index = "1", arity = "0..1", paramLabel = "localdest", description = "Where host:path's file is fetched to.")
    String localDestination;
    @Option(names = "-P", paramLabel = "port", description = "Port (default 22, or the configuration's Port).")
    Integer port;
    @Option(names = "-i", paramLabel = "identity_file", description = "Identity (private key) file; may be repeated.")
    List<String> identities = new ArrayList<>();
    @Option(names = "-F", paramLabel = "ssh_config", description = "Read this ssh_config file only ('none': no file); by default "
            + "~/.ssh/config, then /etc/ssh/ssh_config.")
    Path configFile;
    @Option(names = "-o", paramLabel = "Keyword=value", description = "Any ssh_config option, as for sshwire ssh; earlier ones win. "
            + "Legacy algorithms only by name, e.g. -o Ciphers=+aes128-cbc.")
    List<String> options = new ArrayList<>();
    @Option(names = "-C", description = "Compression, as -o Compression=yes.")
    boolean compress;
    @Option(names = "-b", paramLabel = "batchfile", description = "Read commands from batchfile ('-': stdin); stop at the first failing command not prefixed with '-'.")
    String batchFile;
    @Option(names = "-B", paramLabel = "buffer_size", description = "Bytes per read/write request (default 32768).")
    int bufferSize = 32 * 1024;
    @Option(names = "-R", paramLabel = "num_requests", description = "Outstanding requests per transfer (default 64).")
    int requests = 64;
    @Option(names = "-r", description = "Copy directories recursively (as get -R / put -R).")
    boolean recursive;
    @Option(names = "-p", description = "Preserve modification times and modes (as get -p / put -p).")
    boolean preserve;
    @Option(names = "-q", description = "Quiet: no progress meter and no informational messages.")
    boolean quiet;
    @Option(names = "-J", paramLabel = "[user@]host[:port][,...]", description = "Jump hosts (ProxyJump), as sshwire ssh -J.")
    String jumpHosts;
    @Option(names = "--keylog", paramLabel = "FILE", description = "Research: append each key exchange's secrets to FILE, "
            + "as sshwire ssh --keylog.")
    java.nio.file.Path keyLog;
    @Option(names = "--record", paramLabel = "FILE", description = "Research: record the session to FILE as a pcapng, "
            + "as sshwire ssh --record.")
    java.nio.file.Path record;
    @Option(names = "-v", description = "Verbose: OpenSSH-style debug1 lines about the connection on stderr (-vv, -vvv: more).")
    boolean[] verbose = new boolean[0];

    @Override
    public Integer call() throws Exception {
        if (bufferSize < 1 || bufferSize > 255 * 1024) {
            throw UserErrors.fail("invalid buffer size " + bufferSize + " (1..261120)");
        }
        if (requests < 1) {
            throw UserErrors.fail("invalid number of requests " + requests);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean batch = batchFile != null;
        BufferedReader in = commands();
        SftpDestination dest = SftpDestination.parse(destination);
        List<String> direct = new ArrayList<>();
        if (port != null) {
            direct.add("Port " + port);
        }
        ClientConfigFiles.identityFlags(identities, err).forEach(direct::add);
        if (compress) {
            direct.add("Compression yes");
        }
        if (quiet) {
            direct.add("LogLevel QUIET"); // sftp -q passes -q to ssh: no banner, no "Permanently added" line
        } else if (verbose.length > 0) {
            direct.add("LogLevel DEBUG" + Math.min(verbose.length, 3));
        }
        if (jumpHosts != null) {
            JumpHost.parseList(jumpHosts);
            direct.add("ProxyJump " + jumpHosts);
        }
        // sftp.c runs ssh with -oForwardX11=no -oPermitLocalCommand=no -oClearAllForwardings=yes, and no tty.
        direct.add("RequestTTY no");
        direct.add("ClearAllForwardings yes");
        ClientConfigFiles files = new ClientConfigFiles(configFile, options);
        SshClientSettings settings = files.resolve(new ClientConfigFiles.Destination(dest.user(), dest.host(), dest.port()),
                direct, false, false);
        ClientDebug.configure(ClientDebug.verbosity(0, settings.logLevel()));
        String host = settings.hostName();
        ClientLogin login = new ClientLogin(settings.logLevel().equals("SILENT") ? new PrintWriter(java.io.OutputStream.nullOutputStream()) : err)
                .keyLog(keyLog).record(record, settings);
        try (JumpChain chain = JumpChain.connect(login, files, settings); in) {
            SshClient client = chain.target();
            ClientSession session = client.openSession();
            try (SftpClient sftp = openSftp(session, host)) {
                if (!quiet && !batch) {
                    err.println("Connected to " + host + ".");
                    err.flush();
                }
                boolean interactive = !batch && Terminal.isInteractive();
                SftpShell.Settings s = new SftpShell.Settings(batch, interactive, quiet || batch, !quiet && !batch,
                        recursive, preserve, requests, bufferSize, Terminal.columns());
                SftpShell shell = new SftpShell(sftp, out, err, s, sftp.realPath("."), Path.of("").toAbsolutePath());
                try {
                    if (dest.path() != null) {
                        Integer done = startAt(shell, dest.path(), out);
                        if (done != null) {
                            return done;
                        }
                    }
                    return shell.run(in);
                } catch (IOException e) {
                    // Not a command's failure: the session itself broke.
                    throw new UserErrors.ExitException("connection lost: " + UserErrors.describe(e), 255);
                }
            } finally {
                session.close();
            }
        }
    }

    /**
     * sftp.c interactive_loop's start: a directory (with no localdest) becomes the working
     * directory ("Changing to: ..."), anything else is fetched with {@code get} and ends the
     * command with that get's status. Null: go on to the commands.
     */
    private Integer startAt(SftpShell shell, String path, PrintWriter out) throws IOException {
        String dir = shell.absolute(path);
        if (localDestination == null && shell.remoteIsDir(dir)) {
            if (!quiet) {
                out.println("Changing to: " + dir);
                out.flush();
            }
            return shell.runOne("cd " + SftpDestination.word(dir)) == 0 ? null : 1;
        }
        return shell.runOne("get " + SftpDestination.word(dir)
                + (localDestination == null ? "" : " " + SftpDestination.word(localDestination)));
    }

    private BufferedReader commands() throws IOException {
        if (batchFile == null || batchFile.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        Path f = Path.of(batchFile);
        if (!Files.isReadable(f)) {
            throw new UserErrors.ExitException("cannot read batch file " + batchFile, 255);
        }
        return Files.newBufferedReader(f, StandardCharsets.UTF_8);
    }

    /**
     * Starts the sftp subsystem with INIT right behind the request, as ssh forwards sftp's INIT
     * before the reply: one round trip fewer. A refusal closes the session, which ends the wait
     * for VERSION, and is reported as ssh reports it.
     */
    private static SftpClient openSftp(ClientSession session, String host) throws IOException {
        java.util.concurrent.CompletableFuture<Boolean> started;
        try {
            started = session.requestSubsystem("sftp");
        } catch (IOException e) {
            throw new UserErrors.ExitException(host + ": sftp subsystem request failed: " + UserErrors.describe(e), 255);
        }
        try {
            return SftpClient.open(session.stdout(), session.stdin());
        } catch (IOException e) {
            if (!started.getNow(true)) {
                throw new UserErrors.ExitException(host + ": sftp subsystem request failed: "
                        + UserErrors.describe(new IOException("the server refused subsystem sftp", e)), 255);
            }
            throw e;
        }
    }
}
