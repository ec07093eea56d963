package org.sshwire.connection.internal.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.connection.client.HostKeyException;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.client.UnknownHostKeyException;
import org.sshwire.connection.config.SshClientSettings;
import org.sshwire.transport.RekeyPolicy;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * An {@link SshClient.Builder} set up as ssh would be for an ssh_config host entry: the user,
 * identity files (those that exist and need no passphrase; a library does not prompt), the
 * algorithm lists, compression, RekeyLimit, ConnectTimeout, ServerAlive*, and the known_hosts check of
 * UserKnownHostsFile and GlobalKnownHostsFile under StrictHostKeyChecking. Without a terminal
 * "ask" cannot ask, so it refuses an unknown key as "yes" does; "accept-new" and "no" record an
 * unknown key in the first user file (hashed with HashKnownHosts), and a changed key is always
 * refused (stricter than ssh's "no", which connects with password authentication disabled).
 */
public final class ConfiguredClient {
    private static final System.Logger LOG = System.getLogger(ConfiguredClient.class.getName());

    private ConfiguredClient() {
    }

    public static SshClient.Builder builder(SshClientSettings s, CryptoBackend crypto) {
        SshClient.Builder b = SshClient.builder(s.user()).crypto(crypto);
        s.connectTimeout().ifPresent(b::timeout);
        if (s.serverAliveInterval() > 0) {
            b.keepalive(Duration.ofSeconds(s.serverAliveInterval()), s.serverAliveCountMax());
        }
        b.transport(t -> algorithms(t, s));
        List<String> accepted = s.pubkeyAcceptedAlgorithms();
        b.auth(a -> a.publicKeyAlgorithms(accepted));
        if (s.pubkeyAuthentication()) {
            for (Path id : s.identityFiles()) {
                SshKeyPair key = readUnencrypted(id, crypto);
                if (key != null) {
                    b.identity(key);
                }
            }
        }
        String name = s.hostKeyAlias().orElse(null);
        b.hostKeyVerifier((host, port, key) -> check(s, name != null ? name : host, name != null ? 22 : port, key, crypto));
        return b;
    }

    /**
     * The transport as the settings ask: algorithm lists (HostKeyAlgorithms only when set, so
     * the default follows what is known for the host), Compression, and RekeyLimit (0 keeps the
     * default for that half, as in ssh).
     */
    public static TransportConfig.Builder algorithms(TransportConfig.Builder t, SshClientSettings s) {
        t.ciphers(s.ciphers()).macs(s.macs()).kexAlgorithms(s.kexAlgorithms());
        if (s.rekeyLimitBytes() > 0 || s.rekeyLimitSeconds() > 0) {
            RekeyPolicy d = RekeyPolicy.DEFAULT;
            t.rekey(new RekeyPolicy(s.rekeyLimitBytes() > 0 ? s.rekeyLimitBytes() : d.bytes(), d.packets(),
                    s.rekeyLimitSeconds() > 0 ? Duration.ofSeconds(s.rekeyLimitSeconds()) : d.time()));
        }
        if (s.isSet("HostKeyAlgorithms")) {
            t.hostKeyAlgorithms(s.hostKeyAlgorithms());
        }
        if (s.compression()) {
            t.compression(TransportConfig.CLIENT_COMPRESSION_YES);
        }
        return t;
    }

    /** A key file sshwire can use unattended; null (logged) if it is missing, encrypted or unreadable. */
    private static SshKeyPair readUnencrypted(Path id, CryptoBackend crypto) {
        if (!Files.isRegularFile(id)) {
            return null;
        }
        try {
            return KeyFiles.readPrivateKey(Files.readAllBytes(id), null, crypto);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "identity file {0} not used: {1}", id, e.getMessage());
            return null;
        }
    }

    private static boolean check(SshClientSettings s, String host, int port, SshPublicKey key, CryptoBackend crypto)
            throws HostKeyException {
        List<Path> files = new ArrayList<>(s.userKnownHostsFiles());
        files.addAll(s.globalKnownHostsFiles());
        KnownHosts kh;
        try {
            kh = KnownHostsCheck.read(files, crypto);
        } catch (IOException e) {
            throw new HostKeyException(host, port, key, "cannot read known_hosts: " + e.getMessage(), e);
        }
        CertChecker checker = CertChecker.create(crypto).withCaSignatureAlgorithms(s.caSignatureAlgorithms());
        try {
            KnownHostsCheck.check(kh, host, port, key, checker, why -> LOG.log(Level.WARNING, why));
            return true;
        } catch (UnknownHostKeyException unknown) {
            String strict = s.strictHostKeyChecking();
            if (!strict.equals("accept-new") && !strict.equals("no")) {
                throw unknown;
            }
            Path file = s.userKnownHostsFiles().get(0);
            try {
                Path dir = file.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                Files.writeString(file, kh.appendLine(host, port, unknown.key(), s.hashKnownHosts()) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new HostKeyException(host, port, key, "cannot write " + file + ": " + e.getMessage(), e);
            }
            LOG.log(Level.INFO, "Permanently added {0} ({1}) to {2}", KnownHostsCheck.displayName(host, port),
                    unknown.key().keyType(), file);
            return true;
        }
    }
}
