package org.sshwire.connection.internal.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.connection.client.ChangedHostKeyException;
import org.sshwire.connection.client.HostKeyException;
import org.sshwire.connection.client.RevokedHostKeyException;
import org.sshwire.connection.client.UnknownHostKeyException;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * ssh's known_hosts decision (sshconnect.c check_host_key) as typed outcomes: accepted, or an
 * {@link UnknownHostKeyException}, {@link ChangedHostKeyException} or
 * {@link RevokedHostKeyException}. Shared by the library's default verifier and the CLI, which
 * adds ssh's StrictHostKeyChecking on top.
 */
public final class KnownHostsCheck {
    private KnownHostsCheck() {
    }

    /** The files' entries, in order (ssh reads UserKnownHostsFile then GlobalKnownHostsFile); a missing file is empty. */
    public static KnownHosts read(List<Path> files, CryptoBackend crypto) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path f : files) {
            if (Files.exists(f)) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return KnownHosts.parse(all.toString(), crypto);
    }

    /**
     * Returns when {@code kh} accepts {@code key} for {@code host}/{@code port}: a plain entry, or
     * a certificate a {@code @cert-authority} line vouches for under {@code checker}'s rules.
     * {@code warnings} hears why a certificate was refused before its plain key was looked up.
     */
    public static void check(KnownHosts kh, String host, int port, SshPublicKey key, CertChecker checker,
                             Consumer<String> warnings) throws HostKeyException {
        List<String> refusals = new ArrayList<>();
        KnownHosts.Status status = kh.verify(host, port, key, checker, why -> {
            refusals.add(why);
            warnings.accept(why);
        });
        if (status == KnownHosts.Status.MATCH || status == KnownHosts.Status.CERT_AUTHORITY) {
            return;
        }
        String name = displayName(host, port);
        if (status == KnownHosts.Status.REVOKED) {
            throw new RevokedHostKeyException(host, port, key, "host key for " + name + " is revoked in known_hosts ("
                    + describe(key) + ")");
        }
        // A certificate no authority accepted was looked up as its plain key: that is the one to report and record.
        SshPublicKey checked = key instanceof SshCertificate c ? c.key() : key;
        String why = refusals.isEmpty() ? "" : "; " + String.join("; ", refusals);
        if (status == KnownHosts.Status.MISMATCH) {
            List<SshPublicKey> known = knownKeysOfType(kh, host, port, checked);
            throw new ChangedHostKeyException(host, port, checked, known, "host key for " + name + " has changed: the server offered "
                    + describe(checked) + " but known_hosts has " + known.stream().map(SshPublicKey::fingerprintSha256).toList()
                    + " (someone may be in the middle)" + why);
        }
        throw new UnknownHostKeyException(host, port, checked, "host key for " + name + " is not known (" + describe(checked) + ")" + why);
    }

    /** The plain keys known for the host with {@code key}'s type (ssh's "Offending key" lines). */
    private static List<SshPublicKey> knownKeysOfType(KnownHosts kh, String host, int port, SshPublicKey key) {
        return kh.entriesFor(host, port).stream()
                .filter(e -> e.marker() == KnownHosts.Marker.NONE && baseType(e.key()).equals(key.keyType()) && !e.key().equals(key))
                .map(KnownHosts.Entry::key).distinct().toList();
    }

    private static String baseType(SshPublicKey k) {
        return k instanceof SshCertificate c ? c.key().keyType() : k.keyType();
    }

    /** known_hosts' own spelling: {@code host}, or {@code [host]:port} off port 22. */
    public static String displayName(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    private static String describe(SshPublicKey key) {
        return key.keyType() + " " + key.fingerprintSha256();
    }
}
