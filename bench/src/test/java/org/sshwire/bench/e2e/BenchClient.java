package org.sshwire.bench.e2e;

/** A client the benchmark drives: OpenSSH's ssh/sftp, or sshwire's SshClient/SftpClient. */
interface BenchClient extends AutoCloseable {
    /** One finished client operation: wall time and the client's CPU seconds (NaN if unknown). */
    record Sample(double wallSeconds, double cpuSeconds) {
    }

    String name();

    /** Connects, logs in with the workspace key, does {@code t} with {@code cipher}, disconnects. */
    Sample transfer(Transfer t, Cipher cipher, int port);

    /** Connection setup + publickey login + {@code exec true} (the default cipher). */
    Sample connectExecTrue(int port);

    @Override
    void close();
}
