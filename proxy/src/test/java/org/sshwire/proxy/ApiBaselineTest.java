package org.sshwire.proxy;

import org.junit.jupiter.api.Test;
import org.sshwire.testvectors.ApiSurface;

/** The exported API is what {@code proxy/api.txt} says: a change to it must be a deliberate edit. */
class ApiBaselineTest {
    @Test
    void publicApiMatchesTheCommittedBaseline() {
        ApiSurface.assertMatchesBaseline();
    }
}
