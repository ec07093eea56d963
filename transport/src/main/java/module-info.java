/** sshwire transport: SSH wire types, binary packets, key exchange, keys and the crypto seam. */
module org.sshwire.transport {
    requires org.bouncycastle.provider;
    // Optional: the SIMD ChaCha20 (crypto.internal.vector) on Java 17-19 when the JVM runs with
    // --add-modules jdk.incubator.vector; without it the plain-Java keystream is used.
    requires static jdk.incubator.vector;

    exports org.sshwire.transport;
    exports org.sshwire.transport.wire;
    exports org.sshwire.transport.crypto;
    exports org.sshwire.transport.kex;
    exports org.sshwire.transport.keys;
    exports org.sshwire.transport.research;

    // Internals our own modules share; not API (no compatibility promise, not in api.txt).
    exports org.sshwire.transport.internal to org.sshwire.connection, org.sshwire.sftp, org.sshwire.cli;
    exports org.sshwire.transport.internal.kex to org.sshwire.connection, org.sshwire.cli;
    exports org.sshwire.transport.internal.packet to org.sshwire.connection, org.sshwire.cli;
}
