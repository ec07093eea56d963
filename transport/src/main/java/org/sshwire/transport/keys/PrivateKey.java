package org.sshwire.transport.keys;

import java.math.BigInteger;
import org.sshwire.transport.crypto.Signatures;
import org.sshwire.transport.wire.Bytes;

/** The secret half of a key pair; package-private so secrets leave only through key files. */
sealed interface PrivateKey {

    record Ed25519(Bytes seed) implements PrivateKey {
        @Override
        public String toString() {
            return "Ed25519[secret]";
        }
    }

    record Ecdsa(String curve, BigInteger d) implements PrivateKey {
        @Override
        public String toString() {
            return "Ecdsa[" + curve + ", secret]";
        }
    }

    record Rsa(Signatures.RsaPrivate key) implements PrivateKey {
    }
}
