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
import org.sshwire.auth.AuthenticationException;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.connection.client.ChangedHostKeyException;
import org.sshwire.connection.client.HostKeyException;
import org.sshwire.connection.client.RevokedHostKeyException;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.client.UnknownHostKeyException;
import org.sshwire.connection.internal.client.KnownHostsCheck;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.KeyFiles;
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
        SshClient.Builder b = SshClient.builder(user)
                .timeout(Duration.ofSeconds(Long.parseLong(option("ConnectTimeout", "30"))))
                .hostKeyVerifier((h, p, key) -> checkHostKey(h, p, key, knownHosts, strict))
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
            List<String> algs = ServerOptions.list(ServerOptions.DEFAULT_PUBKEY_ACCEPTED, accepted);
            b.auth(a -> a.publicKeyAlgorithms(algs));
        }
        String alive = option("ServerAliveInterval", "0");
        if (!alive.equals("0")) {
            b.keepalive(Duration.ofSeconds(Long.parseLong(alive)), Integer.parseInt(option("ServerAliveCountMax", "3")));
        }
        List<Path> ids = identities.isEmpty() ? defaultIdentities(home) : identities;
        for (Path id : ids) {
            byte[] file = Files.readAllBytes(id);
            if (SecurityKeySigner.isSecurityKeyFile(file)) { // FIDO sk key: signs through ssh-sk-helper
                b.identity(SecurityKeySigner.identity(id, file, option("SecurityKeyProvider", System.getenv("SSH_SK_PROVIDER")), crypto));
            } else {
                b.identity(KeyFiles.readPrivateKey(file, null, crypto));
            }
        }
        try {
            return b.connect(host, port);
        } catch (HostKeyException e) {
            throw new UserErrors.ExitException(hostKeyProblem(e, knownHosts), 255);
        } catch (IOException e) {
            if (e.getCause() instanceof AuthenticationException a) {
                throw new UserErrors.ExitException(user + "@" + host + ": permission denied (" + a.getMessage() + ")", 255);
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

    /**
     * ssh's known_hosts policy: the library's check (plain keys, {@code @cert-authority},
     * {@code @revoked}, a refused certificate retried as its plain key), then
     * StrictHostKeyChecking for an unknown key. A refusal is a typed {@link HostKeyException}.
     */
    private boolean checkHostKey(String host, int p, SshPublicKey key, Path file, String strict) throws HostKeyException {
        KnownHosts kh;
        try {
            kh = KnownHostsCheck.read(List.of(file), crypto);
        } catch (IOException e) {
            throw new HostKeyException(host, p, key, "cannot read " + file + ": " + e.getMessage(), e);
        }
        // ssh's check_host_cert: a certificate from a @cert-authority is checked (principals,
        // validity, CASignatureAlgorithms); one that fails is retried as its plain key.
        String ca = option("CASignatureAlgorithms", null);
        CertChecker checker = CertChecker.create(crypto).withCaSignatureAlgorithms(ca == null
                ? CertChecker.DEFAULT_CA_SIGNATURE_ALGORITHMS
                : ServerOptions.list(CertChecker.DEFAULT_CA_SIGNATURE_ALGORITHMS, ca));
        try {
            KnownHostsCheck.check(kh, host, p, key, checker, why -> {
                err.println("Warning: " + why);
                err.flush();
            });
            return true;
        } catch (UnknownHostKeyException unknown) {
            String name = KnownHostsCheck.displayName(host, p);
            boolean accept = strict.equals("no") || strict.equals("accept-new") || strict.equals("ask") && askUser(unknown);
            if (!accept) {
                throw unknown;
            }
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, kh.appendLine(host, p, unknown.key(), false) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new HostKeyException(host, p, key, "cannot write " + file + ": " + e.getMessage(), e);
            }
            err.println("Warning: permanently added " + name + " (" + unknown.key().fingerprintSha256() + ") to " + file);
            err.flush();
            return true;
        }
    }

    /** The one line ssh's user needs for a refused host key. */
    private static String hostKeyProblem(HostKeyException e, Path file) {
        String name = KnownHostsCheck.displayName(e.host(), e.port());
        String fp = e.key().fingerprintSha256();
        if (e instanceof UnknownHostKeyException) {
            return "host key for " + name + " is not known (" + fp + "); add it to " + file
                    + " or use -o StrictHostKeyChecking=accept-new";
        }
        if (e instanceof ChangedHostKeyException) {
            return "host key for " + name + " has changed (now " + fp + "); remove the old entry from " + file
                    + " if this is expected";
        }
        if (e instanceof RevokedHostKeyException) {
            return "host key for " + name + " is revoked in " + file;
        }
        return e.getMessage();
    }

    /**
     * ssh's {@code StrictHostKeyChecking=ask} (its default): on a terminal, ask whether to trust an
     * unknown key; "yes" or the key's fingerprint accepts it. Without a terminal there is nobody to
     * ask, so the key is refused as with {@code yes}.
     */
    private static boolean askUser(UnknownHostKeyException unknown) throws HostKeyException {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        SshPublicKey key = unknown.key();
        String name = KnownHostsCheck.displayName(unknown.host(), unknown.port());
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
        throw new HostKeyException(unknown.host(), unknown.port(), key, "host key verification failed for " + name + " (" + fp + ")");
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
