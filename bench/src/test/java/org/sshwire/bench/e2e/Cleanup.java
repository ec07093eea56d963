package org.sshwire.bench.e2e;

/** Removes what a transfer left behind, so that every run starts from the same files (not timed). */
final class Cleanup {
    private Cleanup() {
    }

    static void after(Transfer t, Workspace ws) {
        switch (t) {
            case SFTP_PUT -> Workspace.delete(ws.sftpRoot.resolve(Transfer.UPLOADED));
            case SFTP_GET -> Workspace.delete(ws.clientDir.resolve(Transfer.DOWNLOADED));
            case SMALL_PUT -> Workspace.delete(ws.sftpRoot.resolve(Transfer.SMALL_UPLOADED));
            case SMALL_GET -> Workspace.delete(ws.clientDir.resolve(Transfer.SMALL_DOWNLOADED));
            default -> {
                // exec transfers leave nothing
            }
        }
    }
}
