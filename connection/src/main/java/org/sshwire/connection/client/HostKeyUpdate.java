package org.sshwire.connection.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;

/**
 * What a server's {@code hostkeys-00@openssh.com} announcement showed after the client asked it to
 * prove each key with {@code hostkeys-prove-00@openssh.com} (OpenSSH PROTOCOL §2.5). Only
 * {@link #provenKeys()} may be trusted; a key whose proof failed or was refused is in
 * {@link #unprovenKeys()} and never in {@link #newKeys} or {@link #appendNewKeys}.
 *
 * <pre>{@code
 * SshClient c = SshClient.builder("alice").identity(key)
 *         .hostKeyVerifier(HostKeyVerifier.knownHosts(knownHosts))
 *         .hostKeysAnnounced(update -> {                        // what UpdateHostKeys=yes does
 *             List<SshPublicKey> added = update.appendNewKeys(knownHosts, false);
 *         })
 *         .connect("example.com", 22);
 * }</pre>
 *
 * @param host            the host as the client connected to it
 * @param port            the port
 * @param provenKeys      announced keys the server proved it holds in this session (the key of the
 *                        key exchange counts as proven by the exchange itself)
 * @param unprovenKeys    announced keys whose proof was missing, refused or did not verify
 * @param unsupportedKeys announced blobs that are no plain public key sshwire can parse (ignored,
 *                        as PROTOCOL §2.5 asks)
 */
public record HostKeyUpdate(String host, int port, List<SshPublicKey> provenKeys, List<SshPublicKey> unprovenKeys,
                            List<Bytes> unsupportedKeys) {
    public HostKeyUpdate {
        provenKeys = List.copyOf(provenKeys);
        unprovenKeys = List.copyOf(unprovenKeys);
        unsupportedKeys = List.copyOf(unsupportedKeys);
    }

    /** Receives the outcome of one announcement, on the client's executor. */
    @FunctionalInterface
    public interface Listener {
        void onHostKeys(HostKeyUpdate update) throws Exception;
    }

    /** Proven keys that {@code knownHosts} does not yet list for this host (revoked keys are never new). */
    public List<SshPublicKey> newKeys(KnownHosts knownHosts) {
        List<SshPublicKey> out = new ArrayList<>();
        for (SshPublicKey k : provenKeys) {
            KnownHosts.Status s = knownHosts.lookup(host, port, k);
            if (s != KnownHosts.Status.MATCH && s != KnownHosts.Status.REVOKED) {
                out.add(k);
            }
        }
        return out;
    }

    /** Plain keys {@code knownHosts} lists for this host that the server no longer announced. */
    public List<SshPublicKey> noLongerOffered(KnownHosts knownHosts) {
        List<SshPublicKey> out = new ArrayList<>();
        for (KnownHosts.Entry e : knownHosts.entriesFor(host, port)) {
            SshPublicKey k = e.key();
            boolean announced = provenKeys.contains(k) || unprovenKeys.contains(k) || unsupportedKeys.contains(k.blob());
            if (e.marker() == KnownHosts.Marker.NONE && !(k instanceof SshCertificate) && !announced && !out.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * Appends the {@link #newKeys new} proven keys to a known_hosts file (created if missing), as
     * {@code UpdateHostKeys=yes} does, and returns them. Keys no longer offered are left in place.
     */
    public List<SshPublicKey> appendNewKeys(Path knownHostsFile, boolean hashed) throws IOException {
        String content = Files.exists(knownHostsFile) ? Files.readString(knownHostsFile, StandardCharsets.UTF_8) : "";
        KnownHosts kh = KnownHosts.parse(content);
        List<SshPublicKey> added = newKeys(kh);
        if (added.isEmpty()) {
            return added;
        }
        StringBuilder lines = new StringBuilder();
        if (!content.isEmpty() && !content.endsWith("\n")) {
            lines.append('\n');
        }
        for (SshPublicKey k : added) {
            lines.append(kh.appendLine(host, port, k, hashed)).append('\n');
        }
        Files.writeString(knownHostsFile, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return added;
    }
}
