package org.sshwire.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.sshwire.auth.Identity;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.sftp.SftpClient;
import org.sshwire.sftp.TransferOptions;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * sshwire's client side of the benchmark, a JVM that stays up between operations (as a library
 * user's program would) so that each operation pays for SSH, not for JVM start-up. Reads one
 * operation a line on stdin, {@code OP CIPHER MAC PORT [PATH [PATH]]} (CIPHER and MAC "-" for the
 * defaults), and answers {@code OK wallSeconds cpuSeconds} or {@code ERR message}. The CPU
 * seconds are the whole JVM's (all threads, GC and JIT included) during the operation.
 *
 * <p>Arguments: {@code clientKeyFile user}.
 */
public final class SshwireClientMain {
    private static final Duration LIMIT = Duration.ofMinutes(30);

    private final Identity identity;
    private final String user;

    private SshwireClientMain(Identity identity, String user) {
        this.identity = identity;
        this.user = user;
    }

    public static void main(String[] args) throws IOException {
        CryptoBackend crypto = CryptoBackend.defaultBackend();
        SshwireClientMain agent = new SshwireClientMain(Identity.fromFile(Path.of(args[0]), null, crypto), args[1]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        long self = ProcessHandle.current().pid();
        for (String line = in.readLine(); line != null; line = in.readLine()) { // ends when the harness closes stdin
            String[] w = line.trim().split(" ");
            double cpu0 = ProcessStats.cpuSeconds(self);
            long t0 = System.nanoTime();
            try {
                agent.run(w);
                out.println("OK " + (System.nanoTime() - t0) / 1e9 + " " + (ProcessStats.cpuSeconds(self) - cpu0));
            } catch (Exception e) {
                out.println("ERR " + String.valueOf(e).replace('\n', ' '));
            }
            out.flush();
        }
    }

    private void run(String[] w) throws Exception {
        String op = w[0];
        try (SshClient c = connect(w[1], w[2], Integer.parseInt(w[3]))) {
            switch (op) {
                case "true" -> requireExit(c.exec("true"), 0);
                case "exec-up" -> {
                    ClientSession s = c.exec("cat > /dev/null");
                    try (InputStream file = Files.newInputStream(Path.of(w[4])); OutputStream stdin = s.stdin()) {
                        copy(file, stdin);
                    }
                    drain(s.stdout());
                    requireExit(s, 0);
                }
                case "exec-down" -> {
                    ClientSession s = c.exec("cat " + w[4]);
                    s.stdin().close();
                    long n = drain(s.stdout());
                    requireExit(s, 0);
                    if (n == 0) {
                        throw new IOException("nothing downloaded");
                    }
                }
                case "sftp-put", "sftp-get", "sftp-put-tree", "sftp-get-tree" -> sftp(c, op, w[4], w[5]);
                default -> throw new IllegalArgumentException("unknown operation " + op);
            }
        }
    }

    private static void sftp(SshClient c, String op, String from, String to) throws Exception {
        try (SftpClient sftp = SftpClient.open(c)) { // as a library user opens it; closing ends the session
            TransferOptions o = TransferOptions.defaults();
            switch (op) {
                case "sftp-put" -> sftp.put(Path.of(from), to, o);
                case "sftp-get" -> sftp.get(from, Path.of(to), o);
                case "sftp-put-tree" -> sftp.putTree(Path.of(from), to, o);
                default -> sftp.getTree(from, Path.of(to), o);
            }
        }
    }

    private SshClient connect(String cipher, String mac, int port) throws IOException {
        return SshClient.builder(user).identity(identity).hostKeyVerifier(HostKeyVerifier.acceptAny())
                .transport(t -> {
                    t.kexAlgorithms(List.of(OpenSshClient.KEX)).hostKeyAlgorithms(List.of(OpenSshClient.HOST_KEY_ALGORITHM));
                    if (!cipher.equals("-")) {
                        t.ciphers(List.of(cipher)).macs(List.of(mac));
                    }
                    return t;
                })
                .connect("127.0.0.1", port);
    }

    private static void requireExit(ClientSession s, int expected) throws Exception {
        Integer status = s.waitFor(LIMIT);
        if (status == null || status != expected) {
            throw new IOException("exit status " + status + ", expected " + expected);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 << 10];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            out.write(buf, 0, n);
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buf = new byte[64 << 10];
        long total = 0;
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            total += n;
        }
        return total;
    }
}
