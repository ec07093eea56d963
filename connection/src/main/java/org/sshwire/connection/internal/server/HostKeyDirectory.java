package org.sshwire.connection.internal.server;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SshKeyPair;

/**
 * A server's host keys in a directory under OpenSSH's names ({@code ssh_host_ed25519_key},
 * {@code ssh_host_ecdsa_key}, {@code ssh_host_rsa_key}, each with its {@code .pub}): every key
 * there is loaded; a missing key of a type asked for is generated once, as {@code ssh-keygen -A}
 * does, and written as an unencrypted OpenSSH private key file, mode 0600, in a 0700 directory.
 * A key file others may read is refused, as sshd refuses it ("UNPROTECTED PRIVATE KEY FILE").
 * Two servers starting at once on one directory end up with the same key: a new file appears
 * only by a hard link that fails if another process linked its key first.
 *
 * <pre>{@code
 * List<SshKeyPair> keys = HostKeyDirectory.loadOrGenerate(dir, List.of("ssh-ed25519"), crypto);
 * }</pre>
 */
public final class HostKeyDirectory {
    private static final System.Logger LOG = System.getLogger(HostKeyDirectory.class.getName());

    /** One of OpenSSH's host key files: its name, the key type, and the size ssh-keygen -A gives it. */
    private record KeyFile(String name, String type, int bits) {
    }

    /** In the order sshd lists them by default, and offers them. */
    private static final List<KeyFile> FILES = List.of(new KeyFile("ssh_host_ed25519_key", "ssh-ed25519", 0),
            new KeyFile("ssh_host_ecdsa_key", "ecdsa-sha2-nistp256", 256), new KeyFile("ssh_host_rsa_key", "ssh-rsa", 3072));

    /** The key types ssh-keygen -A generates. */
    public static final List<String> ALL_TYPES = FILES.stream().map(KeyFile::type).toList();

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private HostKeyDirectory() {
    }

    /**
     * The host keys in {@code dir}, generating those of {@code generate} (key types such as
     * {@code ssh-ed25519}) that are missing; creates {@code dir} (0700) if needed.
     *
     * @throws IOException for a directory or key file that cannot be read or written, a key file
     *                     that is not an unencrypted private key, or one others may read
     */
    public static List<SshKeyPair> loadOrGenerate(Path dir, List<String> generate, CryptoBackend crypto) throws IOException {
        for (String t : generate) {
            if (!ALL_TYPES.contains(t)) {
                throw new IllegalArgumentException("no host key file for key type " + t + "; one of " + ALL_TYPES);
            }
        }
        createDirectory(dir);
        List<SshKeyPair> keys = new ArrayList<>();
        for (KeyFile f : FILES) {
            Path file = dir.resolve(f.name());
            if (Files.exists(file)) {
                keys.add(read(file, crypto));
            } else if (generate.contains(f.type())) {
                keys.add(generate(dir, f, crypto));
            }
        }
        return keys;
    }

    private static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
    }

    private static SshKeyPair read(Path file, CryptoBackend crypto) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                // sshd (sshkey_perm_ok): such a key is ignored; we refuse to start on it.
                throw new IOException("Permissions " + PosixFilePermissions.toString(mode) + " for host key " + file
                        + " are too open: it must not be accessible by others (chmod 600 it)");
            }
        } catch (UnsupportedOperationException notPosix) {
            // no modes to check
        }
        try {
            return KeyFiles.readPrivateKey(Files.readAllBytes(file), null, crypto);
        } catch (KeyFormatException e) {
            throw new IOException("host key " + file + " is not an unencrypted private key file: " + e.getMessage(), e);
        }
    }

    private static SshKeyPair generate(Path dir, KeyFile f, CryptoBackend crypto) throws IOException {
        SshKeyPair kp = SshKeyPair.generate(f.type(), f.bits(), crypto);
        Path file = dir.resolve(f.name());
        Path tmp = createPrivateFile(dir, f.name());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(KeyFiles.writeOpenSsh(kp, null, "sshwire host key", crypto));
                out.flush();
                ch.force(true); // on disk before it has its name: never an empty key after a crash
            }
            if (!publish(tmp, file)) {
                LOG.log(Level.DEBUG, "host key {0} was created meanwhile; using that one", file);
                return read(file, crypto);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        writePublicKey(dir, f.name() + ".pub", kp.publicKey().toOpenSshLine("sshwire host key") + "\n");
        LOG.log(Level.INFO, "generated host key {0} {1}", file, kp.publicKey().fingerprintSha256());
        return kp;
    }

    /** A new empty file readable by its owner only from the start (no window where others could read it). */
    private static Path createPrivateFile(Path dir, String name) throws IOException {
        try {
            FileAttribute<Set<PosixFilePermission>> owner = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return Files.createTempFile(dir, name + ".", ".tmp", owner);
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, name + ".", ".tmp");
        }
    }

    /** Gives {@code tmp} the name {@code file} unless that exists; false if another process was first. */
    private static boolean publish(Path tmp, Path file) throws IOException {
        try {
            Files.createLink(file, tmp); // fails if the name exists, unlike rename
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            try {
                Files.move(tmp, file); // without REPLACE_EXISTING: never over another key
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
    }

    private static void writePublicKey(Path dir, String name, String line) throws IOException {
        Path tmp = Files.createTempFile(dir, name + ".", ".tmp");
        try {
            Files.writeString(tmp, line, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // no modes to set
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
