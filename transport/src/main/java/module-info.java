/** sshwire transport: SSH wire types, binary packets, key exchange, keys and the crypto seam. */
module org.sshwire.transport {
    requires org.bouncycastle.provider;

    exports org.sshwire.transport;
    exports org.sshwire.transport.wire;
    exports org.sshwire.transport.crypto;
    exports org.sshwire.transport.packet;
    exports org.sshwire.transport.kex;
    exports org.sshwire.transport.keys;
    exports org.sshwire.transport.research;
}
