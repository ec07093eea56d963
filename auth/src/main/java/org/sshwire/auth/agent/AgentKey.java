package org.sshwire.auth.agent;

import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;

/**
 * A key an SSH agent holds, as it lists it: the public key or certificate blob and the comment
 * (usually the file it was added from).
 *
 * <pre>{@code
 * for (AgentKey k : agent.identities()) {
 *     System.out.println(k.publicKey().fingerprintSha256() + " " + k.comment());
 * }
 * }</pre>
 */
public record AgentKey(Bytes blob, String comment) {

    /**
     * The parsed key; throws {@link org.sshwire.transport.keys.UnsupportedKeyTypeException} for
     * types sshwire does not implement (e.g. FIDO {@code sk-*} keys).
     */
    public SshPublicKey publicKey() {
        return SshPublicKey.parse(blob);
    }
}
