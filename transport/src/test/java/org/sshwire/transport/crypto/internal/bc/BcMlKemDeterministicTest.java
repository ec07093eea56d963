package org.sshwire.transport.crypto.internal.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.junit.jupiter.api.Test;
import org.sshwire.testvectors.Wycheproof;
import org.sshwire.testvectors.Wycheproof.TestCase;
import org.sshwire.testvectors.Wycheproof.WycheproofFile;

/**
 * Wycheproof ML-KEM-768 deterministic encapsulation (Encaps_internal with the vectors' message
 * m, FIPS 203 §6.2): the seam's key parsing plus Bouncy Castle's encapsulation give the listed
 * ciphertext and secret. Lives here because m cannot be injected through the seam.
 */
class BcMlKemDeterministicTest {

    @Test
    void encapsulationWithFixedMessage() {
        WycheproofFile file = Wycheproof.load("mlkem_768_encaps_test.json");
        MLKEMGenerator generator = new MLKEMGenerator(new SecureRandom());
        int valid = 0;
        int invalid = 0;
        for (TestCase t : file.allTests()) {
            String id = "tcId " + t.tcId() + " (" + t.comment() + ")";
            if (t.isValid()) {
                SecretWithEncapsulation s = generator.internalGenerateEncapsulated(BcMlKem768.publicKey(t.hex("ek")), t.hex("m"));
                assertArrayEquals(t.hex("c"), s.getEncapsulation(), id);
                assertArrayEquals(t.hex("K"), s.getSecret(), id);
                valid++;
            } else {
                assertThrows(IllegalArgumentException.class, () -> BcMlKem768.publicKey(t.hex("ek")), id);
                invalid++;
            }
        }
        assertEquals(133, valid);
        assertEquals(132, invalid);
    }
}
