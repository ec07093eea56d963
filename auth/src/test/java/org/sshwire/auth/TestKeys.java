package org.sshwire.auth;

import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;

/** User keys of each type, generated once per run. */
final class TestKeys {
    private TestKeys() {
    }

    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair ED25519 = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair ED25519_B = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair ECDSA = SshKeyPair.generate("ecdsa-sha2-nistp256", 256, C);
    static final SshKeyPair RSA = SshKeyPair.generate("ssh-rsa", 2048, C);
}
