package org.sshwire.transport.internal.kex;

import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;

/**
 * What every key exchange method needs from the transport: the hashed inputs of RFC 4253 §8 and,
 * on a server, the host key to sign with.
 *
 * @param client           true on the client side
 * @param clientVersion    V_C, without CR LF
 * @param serverVersion    V_S, without CR LF
 * @param clientKexInit    I_C, the client's KEXINIT payload
 * @param serverKexInit    I_S, the server's KEXINIT payload
 * @param hostKey          server only: the key whose blob is K_S and that signs H
 * @param hostKeyAlgorithm the negotiated host key (signature) algorithm
 * @param gexPreferredBits client only, group exchange: the group size to ask for
 */
public record KexContext(boolean client, String clientVersion, String serverVersion,
                         Bytes clientKexInit, Bytes serverKexInit, CryptoBackend crypto,
                         SshKeyPair hostKey, SignatureAlgorithm hostKeyAlgorithm, int gexPreferredBits) {
}
