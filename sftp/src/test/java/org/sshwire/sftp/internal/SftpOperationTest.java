package org.sshwire.sftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;
import org.sshwire.sftp.StatusCode;

/** Whatever the file system throws, the request gets an answer. */
class SftpOperationTest {
    private static SftpPacket.Status statusOf(SftpOperation.Work work) {
        SftpOperation op = new SftpOperation(7, "stat", "lane", work);
        op.run();
        assertTrue(op.hasRun());
        return (SftpPacket.Status) op.result();
    }

    @Test
    void anIoFailureBecomesItsStatus() {
        SftpPacket.Status s = statusOf(() -> {
            throw new AccessDeniedException("/x");
        });
        assertEquals(7, s.id());
        assertEquals(StatusCode.PERMISSION_DENIED, s.code());
    }

    /** An Error escaping the operation would leave the client waiting for this reply for good. */
    @Test
    void anErrorFromTheFileSystemBecomesAFailureNotASilence() {
        SftpPacket.Status s = statusOf(() -> {
            throw new StackOverflowError("a provider recursing without end");
        });
        assertEquals(7, s.id());
        assertEquals(StatusCode.FAILURE, s.code());
        assertTrue(s.message().startsWith("internal error: java.lang.StackOverflowError"), s.message());
        assertEquals(StatusCode.FAILURE, statusOf(() -> {
            throw new NoClassDefFoundError("org/example/Missing");
        }).code());
    }
}
