package org.sshwire.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshKeyPair;

/** The server's host keys in its data folder: generated on first start (as sshd-keygen does), reused after. */
final class HostKeyStore {
    private static final String[][] KEYS = {{"ssh_host_ed25519_key", "ssh-ed25519", "0"},
        {"ssh_host_ecdsa_key", "ecdsa-sha2-nistp256", "256"}, {"ssh_host_rsa_key", "ssh-rsa", "3072"}};

    private HostKeyStore() {
    }

    static List<SshKeyPair> loadOrGenerate(Path dataDir, CryptoBackend crypto) throws IOException {
        Files.createDirectories(dataDir);
        List<SshKeyPair> keys = new ArrayList<>();
        for (String[] k : KEYS) {
            Path file = dataDir.resolve(k[0]);
            if (Files.exists(file)) {
                keys.add(KeyFiles.readPrivateKey(Files.readAllBytes(file), null, crypto));
                continue;
            }
            SshKeyPair kp = SshKeyPair.generate(k[1], Integer.parseInt(k[2]), crypto);
            Path tmp = dataDir.resolve(k[0] + ".tmp");
            Files.write(tmp, KeyFiles.writeOpenSsh(kp, null, "sshwire host key", crypto));
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dataDir.resolve(k[0] + ".pub"), kp.publicKey().toOpenSshLine("sshwire host key") + "\n");
            keys.add(kp);
        }
        return keys;
    }
}
