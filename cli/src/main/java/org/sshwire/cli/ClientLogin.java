package org.sshwire.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.sshwire.auth.AuthenticationException;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * How the {@code ssh} and {@code sftp} subcommands log in, the way OpenSSH's clients do:
 * {@code [user@]host}, identities (default {@code ~/.ssh/id_*}), {@code -o} options with
 * ssh_config names, and known_hosts checking ({@code StrictHostKeyChecking=ask|yes|accept-new|no}).
 * Every failure becomes one {@link UserErrors.ExitException} line with exit code 255, as ssh.
 */
final class ClientLogin {
    private final Map<String, String> options;
    private final List<Path> identities;
    private final PrintWriter err;
    private final CryptoBackend crypto = CryptoBackend.defaultBackend();

    ClientLogin(Map<String, String> options, List<Path> identities, PrintWriter err) {
        this.options = options;
        this.identities = identities;
        this.err = err;
    }

    /** The user of {@code user@host}, else {@code loginName}, else the OS user. */
    static String user(String destination, String loginName) {
        int at = destination.lastIndexOf('@');
        if (at >= 0) {
            return destination.substring(0, at);
        }
        return loginName != null ? loginName : System.getProperty("user.name");
    }

    static String host(String destination) {
        return destination.substring(destination.lastIndexOf('@') + 1);
    }

    String option(String name, String fallback) {
        String v = ServerOptions.find(options, name);
        return v != null ? v : fallback;
    }

    /** Connects and authenticates, or throws the one line that says why not. */
    SshClient connect(String user, String host, int port) throws IOException {
        String home = System.getProperty("user.home");
        Path knownHosts = Path.of(option("UserKnownHostsFile", Path.of(home, ".ssh", "known_hosts").toString()));
        String strict = option("StrictHostKeyChecking", "ask").toLowerCase(Locale.ROOT);
        AtomicReference<String> hostKeyProblem = new AtomicReference<>();
        SshClient.Builder b = SshClient.builder(user)
                .timeout(Duration.ofSeconds(Long.parseLong(option("ConnectTimeout", "30"))))
                .hostKeyVerifier((h, p, key) -> checkHostKey(h, p, key, knownHosts, strict, hostKeyProblem))
                .transport(this::algorithms);
        if (option("UpdateHostKeys", "no").equalsIgnoreCase("yes")) {
            // OpenSSH PROTOCOL §2.5: learn the keys the server proved it holds (key rotation).
            b.hostKeysAnnounced(update -> {
                for (SshPublicKey k : update.appendNewKeys(knownHosts, false)) {
                    err.println("Learned new host key " + k.keyType() + " " + k.fingerprintSha256() + " into " + knownHosts);
                }
                err.flush();
            });
        }
        String accepted = option("PubkeyAcceptedAlgorithms", null);
        if (accepted != null) {
            // OpenSSH's list syntax; naming ssh-rsa (e.g. "+ssh-rsa") is what enables SHA-1 RSA signatures.
            List<String> algs = ServerOptions.list(TransportConfig.DEFAULT_CLIENT_HOST_KEY_ALGORITHMS, accepted);
            b.auth(a -> a.publicKeyAlgorithms(algs));
        }
        String alive = option("ServerAliveInterval", "0");
        if (!alive.equals("0")) {
            b.keepalive(Duration.ofSeconds(Long.parseLong(alive)), Integer.parseInt(option("ServerAliveCountMax", "3")));
        }
        List<Path> ids = identities.isEmpty() ? defaultIdentities(home) : identities;
        for (Path id : ids) {
            b.identity(KeyFiles.readPrivateKey(Files.readAllBytes(id), null, crypto));
        }
        try {
            return b.connect(host, port);
        } catch (IOException e) {
            if (e.getCause() instanceof AuthenticationException a) {
                throw new UserErrors.ExitException(user + "@" + host + ": permission denied (" + a.getMessage() + ")", 255);
            }
            if (hostKeyProblem.get() != null) {
                throw new UserErrors.ExitException(hostKeyProblem.get(), 255);
            }
            throw new UserErrors.ExitException(connectionError(host, e), 255);
        }
    }

    private TransportConfig.Builder algorithms(TransportConfig.Builder t) {
        String kex = option("KexAlgorithms", null);
        String ciphers = option("Ciphers", null);
        String macs = option("MACs", null);
        String hostKeys = option("HostKeyAlgorithms", null);
        String compression = option("Compression", "no").strip();
        if (compression.equalsIgnoreCase("yes")) {
            t.compression(TransportConfig.CLIENT_COMPRESSION_YES); // what ssh -C offers
        } else if (!compression.equalsIgnoreCase("no")) {
            throw UserErrors.fail("Compression wants yes or no, not " + compression);
        }
        if (kex != null) {
            t.kexAlgorithms(ServerOptions.list(TransportConfig.DEFAULT_KEX, kex));
        }
        if (ciphers != null) {
            t.ciphers(ServerOptions.list(TransportConfig.DEFAULT_CIPHERS, ciphers));
        }
        if (macs != null) {
            t.macs(ServerOptions.list(TransportConfig.DEFAULT_MACS, macs));
        }
        if (hostKeys != null) {
            t.hostKeyAlgorithms(ServerOptions.list(TransportConfig.DEFAULT_CLIENT_HOST_KEY_ALGORITHMS, hostKeys));
        }
        return t;
    }

    /** ssh's known_hosts policy; a refusal records the one line to print. */
    private boolean checkHostKey(String host, int p, SshPublicKey key, Path file, String strict, AtomicReference<String> problem) {
        try {
            KnownHosts kh = KnownHosts.parse(Files.exists(file) ? Files.readString(file) : "", crypto);
            // ssh's check_host_cert: a certificate from a @cert-authority is checked (principals,
            // validity, CASignatureAlgorithms); one that fails is retried as its plain key.
            String ca = option("CASignatureAlgorithms", null);
            CertChecker checker = CertChecker.create(crypto).withCaSignatureAlgorithms(ca == null
                    ? CertChecker.DEFAULT_CA_SIGNATURE_ALGORITHMS
                    : ServerOptions.list(CertChecker.DEFAULT_CA_SIGNATURE_ALGORITHMS, ca));
            KnownHosts.Status status = kh.verify(host, p, key, checker, why -> {
                err.println("Warning: " + why);
                err.flush();
            });
            if (key instanceof SshCertificate c && status != KnownHosts.Status.CERT_AUTHORITY) {
                key = c.key();
            }
            String name = p == 22 ? host : "[" + host + "]:" + p;
            switch (status) {
                case MATCH, CERT_AUTHORITY:
                    return true;
                case REVOKED:
                    problem.set("host key for " + name + " is revoked in " + file);
                    return false;
                case MISMATCH:
                    problem.set("host key for " + name + " has changed (now " + key.fingerprintSha256()
                            + "); remove the old entry from " + file + " if this is expected");
                    return false;
                default:
                    boolean accept = strict.equals("no") || strict.equals("accept-new")
                            || strict.equals("ask") && askUser(name, key, problem);
                    if (problem.get() != null) {
                        return false;
                    }
                    if (accept) {
                        Files.createDirectories(file.toAbsolutePath().getParent());
                        Files.writeString(file, kh.appendLine(host, p, key, false) + "\n", StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        err.println("Warning: permanently added " + name + " (" + key.fingerprintSha256() + ") to " + file);
                        err.flush();
                        return true;
                    }
                    problem.set("host key for " + name + " is not known (" + key.fingerprintSha256()
                            + "); add it to " + file + " or use -o StrictHostKeyChecking=accept-new");
                    return false;
            }
        } catch (IOException e) {
            problem.set("cannot read " + file + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * ssh's {@code StrictHostKeyChecking=ask} (its default): on a terminal, ask whether to trust an
     * unknown key; "yes" or the key's fingerprint accepts it. Without a terminal there is nobody to
     * ask, so the key is refused as with {@code yes}.
     */
    private static boolean askUser(String name, SshPublicKey key, AtomicReference<String> problem) {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        String fp = key.fingerprintSha256();
        String answer = console.readLine("The authenticity of host '%s' can't be established.%n%s key fingerprint is %s.%n"
                + "Are you sure you want to continue connecting (yes/no/[fingerprint])? ", name, key.keyType(), fp);
        while (answer != null) {
            String a = answer.strip();
            if (a.equalsIgnoreCase("yes") || a.equals(fp)) {
                return true;
            }
            if (a.equalsIgnoreCase("no")) {
                break;
            }
            answer = console.readLine("Please type 'yes', 'no' or the fingerprint: ");
        }
        problem.set("host key verification failed for " + name + " (" + fp + ")");
        return false;
    }

    private static List<Path> defaultIdentities(String home) {
        List<Path> out = new ArrayList<>();
        for (String n : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            Path p = Path.of(home, ".ssh", n);
            if (Files.isRegularFile(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** A negotiation failure names the category and both lists; others keep their own words. */
    private static String connectionError(String host, IOException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int kexFailed = m.indexOf("KEY_EXCHANGE_FAILED ");
        if (kexFailed >= 0) {
            return host + ": " + m.substring(kexFailed + "KEY_EXCHANGE_FAILED ".length());
        }
        return host + ": " + UserErrors.describe(e);
    }
}
