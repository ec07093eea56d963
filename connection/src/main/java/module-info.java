/**
 * sshwire connection: the RFC 4254 connection protocol — message catalogue and the sans-IO
 * channel engine (channels, flow-control windows, channel and global requests), and the engines
 * that compose transport, authentication and connection for each role.
 */
module org.sshwire.connection {
    requires transitive org.sshwire.transport;
    requires transitive org.sshwire.auth;
    // TCP_QUICKACK for the handshake's reads (internal.driver.NioConnection).
    requires jdk.net;
    // Optional (an automatic module): pseudo-terminals for ProcessHandler sessions that ask for
    // one. Without it pty-req is refused, as sshd refuses it when it cannot allocate a pty.
    requires static pty4j;

    exports org.sshwire.connection;
    exports org.sshwire.connection.engine;
    exports org.sshwire.connection.message;
    exports org.sshwire.connection.channel;
    exports org.sshwire.connection.server;
    exports org.sshwire.connection.client;
    exports org.sshwire.connection.config;
    exports org.sshwire.connection.research;

    // Internals our own modules share; not API.
    exports org.sshwire.connection.internal.channel to org.sshwire.sftp, org.sshwire.cli, org.sshwire.proxy;
    exports org.sshwire.connection.internal.driver to org.sshwire.sftp, org.sshwire.cli;
    exports org.sshwire.connection.internal.server to org.sshwire.cli;
    exports org.sshwire.connection.internal.client to org.sshwire.cli;
    exports org.sshwire.connection.internal.sshd to org.sshwire.cli;
}
