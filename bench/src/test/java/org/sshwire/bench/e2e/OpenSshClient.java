package org.sshwire.bench.e2e;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenSSH's {@code ssh} and {@code sftp} as the benchmark's client, one process per operation,
 * timed by {@code /usr/bin/time}. No configuration file is read ({@code -F /dev/null}); key
 * exchange and host key are pinned so that every server does the same work at setup.
 */
final class OpenSshClient implements BenchClient {
    static final Path SSH = Path.of("/usr/bin/ssh");
    static final Path SFTP = Path.of("/usr/bin/sftp");
    static final String KEX = "curve25519-sha256";
    static final String HOST_KEY_ALGORITHM = "ssh-ed25519";

    private final Workspace ws;
    private final String user;
    private final String name;

    OpenSshClient(Workspace ws) {
        this(ws, System.getProperty("user.name"), "OpenSSH");
    }

    /**
     * A client that logs in as {@code user} (given with {@code -o User=}, so that a bastion login
     * such as {@code root@127.0.0.1:2222} is passed on whole: sftp would split a destination at
     * its colon), shown in the tables as {@code name}.
     */
    OpenSshClient(Workspace ws, String user, String name) {
        this.ws = ws;
        this.user = user;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Sample transfer(Transfer t, Cipher c, int port) {
        Duration timeout = Timeouts.transfer(ws);
        Redirect nul = Redirect.from(new File("/dev/null"));
        return switch (t) {
            case EXEC_UPLOAD -> run(ssh(port, c, "cat > /dev/null"), Redirect.from(ws.bigFile().toFile()), Redirect.DISCARD, timeout);
            case EXEC_DOWNLOAD -> run(ssh(port, c, "cat " + ws.bigFile()), nul, Redirect.DISCARD, timeout);
            case SFTP_PUT -> run(sftp(port, c, "put " + ws.bigFile() + " " + Transfer.UPLOADED), nul, Redirect.DISCARD, timeout);
            case SFTP_GET -> run(sftp(port, c, "get " + Workspace.BIG + " " + ws.clientDir.resolve(Transfer.DOWNLOADED)),
                    nul, Redirect.DISCARD, timeout);
            case SMALL_PUT -> run(sftp(port, c, "put -r " + ws.clientDir.resolve(Workspace.SMALL) + " " + Transfer.SMALL_UPLOADED),
                    nul, Redirect.DISCARD, timeout);
            case SMALL_GET -> run(sftp(port, c, "get -r " + Workspace.SMALL + " " + ws.clientDir.resolve(Transfer.SMALL_DOWNLOADED)),
                    nul, Redirect.DISCARD, timeout);
        };
    }

    @Override
    public Sample connectExecTrue(int port) {
        return run(ssh(port, null, "true"), Redirect.from(new File("/dev/null")), Redirect.DISCARD, Duration.ofSeconds(60));
    }

    private static Sample run(List<String> cmd, Redirect in, Redirect out, Duration timeout) {
        Proc.Result r = Proc.run(cmd, in, out, timeout, true).requireSuccess(cmd);
        return new Sample(r.wallSeconds(), r.cpuSeconds());
    }

    private List<String> ssh(int port, Cipher c, String command) {
        List<String> cmd = new ArrayList<>(List.of(SSH.toString(), "-T", "-p", Integer.toString(port)));
        cmd.addAll(options(c));
        cmd.add("127.0.0.1");
        cmd.add(command);
        return cmd;
    }

    private List<String> sftp(int port, Cipher c, String batchLine) {
        Path batch;
        try {
            batch = Files.writeString(ws.root.resolve("sftp-batch"), batchLine + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(SFTP.toString(), "-q", "-b", batch.toString(), "-P", Integer.toString(port)));
        cmd.addAll(options(c));
        cmd.add("127.0.0.1");
        return cmd;
    }

    private List<String> options(Cipher c) {
        List<String> o = new ArrayList<>(List.of("-F", "/dev/null", "-i", ws.clientKey.toString()));
        for (String opt : new String[] {"IdentitiesOnly=yes", "BatchMode=yes", "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null", "LogLevel=ERROR", "Compression=no", "User=" + user,
            "HostKeyAlgorithms=" + HOST_KEY_ALGORITHM, "KexAlgorithms=" + KEX}) {
            o.add("-o");
            o.add(opt);
        }
        if (c != null) {
            o.addAll(List.of("-o", "Ciphers=" + c.cipher(), "-o", "MACs=" + c.macOrDefault()));
        }
        return o;
    }

    @Override
    public void close() {
        // nothing stays running between operations
    }
}
