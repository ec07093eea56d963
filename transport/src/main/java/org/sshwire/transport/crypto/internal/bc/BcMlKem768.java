package org.sshwire.transport.crypto.internal.bc;

import static org.sshwire.transport.crypto.KeyAgreements.KEM_SECRET_LENGTH;
import static org.sshwire.transport.crypto.KeyAgreements.MLKEM768_CIPHERTEXT_LENGTH;
import static org.sshwire.transport.crypto.KeyAgreements.MLKEM768_PRIVATE_LENGTH;
import static org.sshwire.transport.crypto.KeyAgreements.MLKEM768_PUBLIC_LENGTH;
import static org.sshwire.transport.crypto.KeyAgreements.MLKEM_SEED_LENGTH;
import static org.sshwire.transport.crypto.internal.bc.BcKeyAgreements.requireLength;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;
import org.sshwire.transport.crypto.KeyAgreements.KemEncapsulation;
import org.sshwire.transport.crypto.KeyAgreements.KemKeyPair;

/** ML-KEM-768 (FIPS 203) over Bouncy Castle, with the input checks of FIPS 203 §7.2–7.3. */
final class BcMlKem768 {
    private static final MLKEMParameters PARAMS = MLKEMParameters.ml_kem_768;
    /** dk = dk_PKE (384·k) || ek (1184) || H(ek) (32) || z (32), FIPS 203 Algorithm 16. */
    private static final int EK_OFFSET = 384 * 3;
    private static final int HASH_OFFSET = EK_OFFSET + MLKEM768_PUBLIC_LENGTH;

    private final SecureRandom random;

    BcMlKem768(SecureRandom random) {
        this.random = random;
    }

    KemKeyPair generate() {
        byte[] seed = new byte[MLKEM_SEED_LENGTH];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    KemKeyPair fromSeed(byte[] seed64) {
        requireLength("ML-KEM seed", seed64, MLKEM_SEED_LENGTH);
        MLKEMPrivateKeyParameters sk = new MLKEMPrivateKeyParameters(PARAMS, seed64.clone());
        byte[] dk = sk.getParametersWithFormat(MLKEMPrivateKeyParameters.EXPANDED_KEY).getEncoded();
        return new KemKeyPair(sk.getPublicKey(), dk);
    }

    KemEncapsulation encapsulate(byte[] publicKey) {
        SecretWithEncapsulation s = new MLKEMGenerator(random).generateEncapsulated(publicKey(publicKey));
        return new KemEncapsulation(s.getEncapsulation(), s.getSecret());
    }

    byte[] decapsulate(byte[] privateKey, byte[] ciphertext) {
        requireLength("ML-KEM-768 decapsulation key", privateKey, MLKEM768_PRIVATE_LENGTH);
        requireLength("ML-KEM-768 ciphertext", ciphertext, MLKEM768_CIPHERTEXT_LENGTH);
        // FIPS 203 §7.3 hash check: H(ek) embedded in dk must match the embedded ek.
        byte[] hash = new byte[32];
        SHA3Digest sha3 = new SHA3Digest(256);
        sha3.update(privateKey, EK_OFFSET, MLKEM768_PUBLIC_LENGTH);
        sha3.doFinal(hash, 0);
        if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(32, hash, 0, privateKey, HASH_OFFSET)) {
            throw new IllegalArgumentException("ML-KEM-768 decapsulation key fails the FIPS 203 hash check");
        }
        MLKEMPrivateKeyParameters sk;
        try {
            sk = new MLKEMPrivateKeyParameters(PARAMS, privateKey.clone());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ML-KEM-768 decapsulation key rejected: " + e.getMessage(), e);
        }
        byte[] secret = new MLKEMExtractor(sk).extractSecret(ciphertext);
        return Arrays.copyOf(secret, KEM_SECRET_LENGTH);
    }

    /** Length and the FIPS 203 §7.2 modulus check (Bouncy Castle performs the latter). */
    static MLKEMPublicKeyParameters publicKey(byte[] publicKey) {
        requireLength("ML-KEM-768 encapsulation key", publicKey, MLKEM768_PUBLIC_LENGTH);
        try {
            return new MLKEMPublicKeyParameters(PARAMS, publicKey.clone());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ML-KEM-768 encapsulation key rejected: " + e.getMessage(), e);
        }
    }
}
