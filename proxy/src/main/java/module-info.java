/**
 * sshwire proxy: an auditing SSH bastion built from the library's server and client. The exported
 * API is the relay between a server-side connection and a client-side upstream connection
 * ({@link org.sshwire.proxy.Relay}), the routing callback ({@link org.sshwire.proxy.Router}), how
 * the upstream login is made ({@link org.sshwire.proxy.UpstreamLogin}) and the recording taps
 * ({@link org.sshwire.proxy.RelayTap}, {@link org.sshwire.proxy.Recordings}), the per-user policy
 * ({@link org.sshwire.proxy.AccessPolicy}) and the live view ({@link org.sshwire.proxy.ControlSocket}); the recording
 * formats (asciicast v2, the SFTP operations log, the JSON-lines audit log) are internal.
 */
module org.sshwire.proxy {
    requires transitive org.sshwire.connection;
    requires org.sshwire.sftp;
    requires jdk.net; // SO_PEERCRED on the control socket
    requires jdk.management; // HotSpot's AES intrinsics flag: the upstream hop's cipher order (internal.UpstreamCiphers)

    exports org.sshwire.proxy;
}
