package org.sshwire.auth.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * A {@code known_hosts} file (sshd(8) SSH_KNOWN_HOSTS FILE FORMAT): host patterns (plain, with
 * wildcards and negation, {@code [host]:port}, or hashed {@code |1|salt|hash}), an optional
 * {@code @cert-authority} or {@code @revoked} marker, and a key.
 *
 * <pre>{@code
 * KnownHosts kh = KnownHosts.parse(Files.readString(path));
 * switch (kh.lookup("example.com", 22, hostKey)) {
 *     case MATCH -> proceed();
 *     case UNKNOWN -> Files.writeString(path, kh.appendLine("example.com", 22, hostKey, true) + "\n", APPEND);
 *     default -> refuse();
 * }
 * }</pre>
 */
public final class KnownHosts {
    /** A bound on one line, as for authorized_keys. */
    public static final int MAX_LINE = 16 * 1024;

    /** The outcome of {@link #lookup}. */
    public enum Status {
        /** A plain entry for this host has exactly this key. */
        MATCH,
        /** The key is a certificate signed by a {@code @cert-authority} key for this host; check it with a CertChecker. */
        CERT_AUTHORITY,
        /** The host is known with another key of the same type: possible man in the middle. */
        MISMATCH,
        /** No entry for this host with a key of this type. */
        UNKNOWN,
        /** The key (or, for a certificate, its key or CA) is marked {@code @revoked}. */
        REVOKED
    }

    public enum Marker {
        NONE, CERT_AUTHORITY, REVOKED
    }

    /** One entry: marker, the patterns field as written, the key and comment. */
    public record Entry(Marker marker, String hosts, SshPublicKey key, String comment, int lineNumber) {
    }

    public record LineError(int lineNumber, String message) {
    }

    private final List<Entry> entries;
    private final List<LineError> errors;
    private final CryptoBackend crypto;

    private KnownHosts(List<Entry> entries, List<LineError> errors, CryptoBackend crypto) {
        this.entries = new CopyOnWriteArrayList<>(entries);
        this.errors = List.copyOf(errors);
        this.crypto = crypto;
    }

    public static KnownHosts parse(String content) {
        return parse(content, CryptoBackend.defaultBackend());
    }

    /** Parses a whole file; bad lines are skipped and reported in {@link #errors()}. */
    public static KnownHosts parse(String content, CryptoBackend crypto) {
        List<Entry> entries = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            try {
                Entry e = parseLine(lines[i], i + 1);
                if (e != null) {
                    entries.add(e);
                }
            } catch (KeyFormatException ex) {
                errors.add(new LineError(i + 1, ex.getMessage()));
            }
        }
        return new KnownHosts(entries, errors, crypto);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public List<LineError> errors() {
        return errors;
    }

    /** Parses one line; null for blank and comment lines; {@link KeyFormatException} otherwise. */
    public static Entry parseLine(String line, int lineNumber) {
        if (line.length() > MAX_LINE) {
            throw new KeyFormatException("known_hosts line longer than " + MAX_LINE);
        }
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return null;
        }
        Marker marker = Marker.NONE;
        if (s.startsWith("@")) {
            String[] mk = s.split("[ \t]+", 2);
            marker = switch (mk[0].toLowerCase(Locale.ROOT)) {
                case "@cert-authority" -> Marker.CERT_AUTHORITY;
                case "@revoked" -> Marker.REVOKED;
                default -> throw new KeyFormatException("unknown marker " + (mk[0].length() > 40 ? mk[0].substring(0, 40) : mk[0]));
            };
            if (mk.length < 2) {
                throw new KeyFormatException("marker without hosts");
            }
            s = mk[1];
        }
        String[] parts = s.split("[ \t]+", 2);
        if (parts.length < 2) {
            throw new KeyFormatException("known_hosts line needs hosts and a key");
        }
        String hosts = parts[0];
        if (hosts.startsWith(HostPatterns.HASH_MAGIC)) {
            HostPatterns.Hashed.parse(hosts);
        }
        KeyFiles.PublicKeyLine key = KeyFiles.parsePublicKeyLine(parts[1]);
        if (marker == Marker.CERT_AUTHORITY && key.key() instanceof SshCertificate) {
            throw new KeyFormatException("@cert-authority key must not be a certificate");
        }
        return new Entry(marker, hosts, key.key(), key.comment(), lineNumber);
    }

    /** Whether {@code e}'s host field names {@code host:port}. */
    private boolean hostMatches(Entry e, String host, int port) {
        String name = HostPatterns.hostKey(host, port);
        if (e.hosts().startsWith(HostPatterns.HASH_MAGIC)) {
            return HostPatterns.Hashed.parse(e.hosts()).matches(name, crypto);
        }
        return HostPatterns.matchList(name, e.hosts()) == 1;
    }

    /** The entries (of any marker) whose patterns match {@code host} on {@code port}. */
    public List<Entry> entriesFor(String host, int port) {
        return entries.stream().filter(e -> hostMatches(e, host, port)).toList();
    }

    private static String baseType(SshPublicKey key) {
        return key instanceof SshCertificate c ? c.key().keyType() : key.keyType();
    }

    /**
     * Looks up the key a server presented. Revocation wins over everything; then an exact plain
     * match; then, for certificates, a matching {@code @cert-authority}; then a plain entry with
     * the same key type means MISMATCH; otherwise UNKNOWN.
     */
    public Status lookup(String host, int port, SshPublicKey key) {
        List<Entry> matching = entriesFor(host, port);
        for (Entry e : matching) {
            if (e.marker() == Marker.REVOKED && (e.key().equals(key)
                    || (key instanceof SshCertificate c && (e.key().equals(c.key()) || e.key().equals(c.signatureKey()))))) {
                return Status.REVOKED;
            }
        }
        for (Entry e : matching) {
            if (e.marker() == Marker.NONE && e.key().equals(key)) {
                return Status.MATCH;
            }
        }
        if (key instanceof SshCertificate c) {
            for (Entry e : matching) {
                if (e.marker() == Marker.CERT_AUTHORITY && e.key().equals(c.signatureKey())) {
                    return Status.CERT_AUTHORITY;
                }
            }
        }
        for (Entry e : matching) {
            if (e.marker() == Marker.NONE && baseType(e.key()).equals(baseType(key))) {
                return Status.MISMATCH;
            }
        }
        return Status.UNKNOWN;
    }

    /**
     * {@link #lookup}, and a certificate signed by a {@code @cert-authority} for this host is
     * also checked as ssh does (sshconnect.c check_host_cert): a host certificate, naming
     * {@code host} exactly among its (non-empty) principals, valid now, signed with one of
     * {@code checker}'s {@link CertChecker#caSignatureAlgorithms()} of the CA key's type. The
     * authorities are this file's {@code @cert-authority} keys for the host ({@code checker}'s
     * own host authority is ignored). A certificate that no authority accepts — none listed, or
     * the check fails ({@code onRefusal} then receives the reason) — is, as in ssh, looked up
     * again as its plain key ("No matching CA found. Retry with plain key"), so the result is then
     * MATCH, MISMATCH, UNKNOWN or REVOKED for {@link SshCertificate#key()}.
     */
    public Status verify(String host, int port, SshPublicKey key, CertChecker checker,
                         java.util.function.Consumer<String> onRefusal) {
        Status status = lookup(host, port, key);
        if (!(key instanceof SshCertificate cert) || status == Status.REVOKED || status == Status.MATCH) {
            return status;
        }
        if (status == Status.CERT_AUTHORITY) {
            List<Entry> matching = entriesFor(host, port);
            CertChecker c = checker.withHostAuthority(k -> matching.stream()
                    .anyMatch(e -> e.marker() == Marker.CERT_AUTHORITY && e.key().equals(k)));
            try {
                c.checkHostCert(host, cert);
                return Status.CERT_AUTHORITY;
            } catch (KeyFormatException e) {
                onRefusal.accept("host certificate refused: " + e.getMessage());
            }
        }
        // sshconnect.c check_host_key: a certificate is matched only against @cert-authority
        // lines; failing those, ssh drops the certificate and checks the plain key as usual.
        Status plain = lookup(host, port, cert.key());
        return plain == Status.CERT_AUTHORITY ? Status.UNKNOWN : plain;
    }

    /**
     * Adds {@code key} for {@code host}/{@code port} and returns the line to append to the file
     * (no newline): {@code host}, {@code [host]:port} or, hashed, {@code |1|salt|hash} as
     * {@code ssh-keygen -H} writes.
     */
    public String appendLine(String host, int port, SshPublicKey key, boolean hashed) {
        String line = formatLine(host, port, key, hashed, crypto);
        entries.add(parseLine(line, entries.size() + 1));
        return line;
    }

    /** The known_hosts line for {@code key} at {@code host}/{@code port}, without adding it anywhere. */
    public static String formatLine(String host, int port, SshPublicKey key, boolean hashed, CryptoBackend crypto) {
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == ',' || c == '*' || c == '?' || c == '!' || c >= 0x7f)) {
            throw new IllegalArgumentException("not a host name: " + host);
        }
        String name = HostPatterns.hostKey(host, port);
        String field = name;
        if (hashed) {
            byte[] salt = new byte[20];
            crypto.random().nextBytes(salt);
            field = new HostPatterns.Hashed(salt, HostPatterns.hmac(salt, name, crypto)).format();
        }
        return field + " " + key.toOpenSshLine(null);
    }
}
