package org.sshwire.transport;

import java.util.List;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;

/** Host keys of every type, generated once per test run. */
final class TestHostKeys {
    private TestHostKeys() {
    }

    private static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair ED25519 = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair ECDSA256 = SshKeyPair.generate("ecdsa-sha2-nistp256", 256, C);
    static final SshKeyPair ECDSA384 = SshKeyPair.generate("ecdsa-sha2-nistp384", 384, C);
    static final SshKeyPair ECDSA521 = SshKeyPair.generate("ecdsa-sha2-nistp521", 521, C);
    static final SshKeyPair RSA = SshKeyPair.generate("ssh-rsa", 2048, C);
    static final List<SshKeyPair> ALL = List.of(ED25519, ECDSA256, ECDSA384, ECDSA521, RSA);

    static TransportConfig.Builder server() {
        return TransportConfig.server(ALL);
    }
}
