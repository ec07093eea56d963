package org.sshwire.transport.crypto.internal.bc;

import static org.sshwire.transport.crypto.KeyAgreements.SNTRUP761_CIPHERTEXT_LENGTH;
import static org.sshwire.transport.crypto.KeyAgreements.SNTRUP761_PUBLIC_LENGTH;
import static org.sshwire.transport.crypto.internal.bc.BcKeyAgreements.requireLength;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMExtractor;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyPairGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePrivateKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;
import org.sshwire.transport.crypto.KeyAgreements.KemEncapsulation;
import org.sshwire.transport.crypto.KeyAgreements.KemKeyPair;

/**
 * sntrup761 (as in OpenSSH's sntrup761x25519-sha512) over Bouncy Castle's NTRU Prime. The
 * private key travels in the reference encoding: f || 1/g || pk || rho || hash(4 || pk).
 */
final class BcSntrup761 {
    private static final SNTRUPrimeParameters PARAMS = SNTRUPrimeParameters.sntrup761;
    private static final int SMALL_BYTES = 191; // encoded small polynomial, p = 761
    private static final int HASH_BYTES = 32;
    static final int PRIVATE_LENGTH = 3 * SMALL_BYTES + SNTRUP761_PUBLIC_LENGTH + HASH_BYTES;

    private final SecureRandom random;

    BcSntrup761(SecureRandom random) {
        this.random = random;
    }

    KemKeyPair generate() {
        SNTRUPrimeKeyPairGenerator gen = new SNTRUPrimeKeyPairGenerator();
        gen.init(new SNTRUPrimeKeyGenerationParameters(random, PARAMS));
        AsymmetricCipherKeyPair kp = gen.generateKeyPair();
        return new KemKeyPair(((SNTRUPrimePublicKeyParameters) kp.getPublic()).getEncoded(),
            ((SNTRUPrimePrivateKeyParameters) kp.getPrivate()).getEncoded());
    }

    KemEncapsulation encapsulate(byte[] publicKey) {
        requireLength("sntrup761 public key", publicKey, SNTRUP761_PUBLIC_LENGTH);
        SecretWithEncapsulation s = new SNTRUPrimeKEMGenerator(random)
            .generateEncapsulated(new SNTRUPrimePublicKeyParameters(PARAMS, publicKey.clone()));
        return new KemEncapsulation(s.getEncapsulation(), s.getSecret());
    }

    byte[] decapsulate(byte[] privateKey, byte[] ciphertext) {
        requireLength("sntrup761 private key", privateKey, PRIVATE_LENGTH);
        requireLength("sntrup761 ciphertext", ciphertext, SNTRUP761_CIPHERTEXT_LENGTH);
        int o = 0;
        byte[] f = Arrays.copyOfRange(privateKey, o, o += SMALL_BYTES);
        byte[] ginv = Arrays.copyOfRange(privateKey, o, o += SMALL_BYTES);
        byte[] pk = Arrays.copyOfRange(privateKey, o, o += SNTRUP761_PUBLIC_LENGTH);
        byte[] rho = Arrays.copyOfRange(privateKey, o, o += SMALL_BYTES);
        byte[] hash = Arrays.copyOfRange(privateKey, o, o + HASH_BYTES);
        SNTRUPrimePrivateKeyParameters sk = new SNTRUPrimePrivateKeyParameters(PARAMS, f, ginv, pk, rho, hash);
        return new SNTRUPrimeKEMExtractor(sk).extractSecret(ciphertext);
    }
}
