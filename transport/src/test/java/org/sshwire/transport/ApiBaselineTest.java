package org.sshwire.transport;

import org.junit.jupiter.api.Test;
import org.sshwire.testvectors.ApiSurface;

/** The exported API is what {@code transport/api.txt} says: a change to it must be a deliberate edit. */
class ApiBaselineTest {
    @Test
    void publicApiMatchesTheCommittedBaseline() {
        ApiSurface.assertMatchesBaseline();
    }
}
