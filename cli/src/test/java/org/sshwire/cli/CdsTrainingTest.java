package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The launcher's class-data-sharing workload runs to the end: keygen, an ssh login with a command
 * and an sftp put/get against an in-process server, so the archive holds those paths' classes.
 */
class CdsTrainingTest {
    @Test
    void theTrainingWorkloadLogsInRunsACommandAndTransfersAFile() throws Exception {
        assertEquals(0, CdsTraining.run());
    }
}
