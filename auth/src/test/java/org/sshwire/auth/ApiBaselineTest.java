package org.sshwire.auth;

import org.junit.jupiter.api.Test;
import org.sshwire.testvectors.ApiSurface;

/** The exported API is what {@code auth/api.txt} says: a change to it must be a deliberate edit. */
class ApiBaselineTest {
    @Test
    void publicApiMatchesTheCommittedBaseline() {
        ApiSurface.assertMatchesBaseline();
    }
}
