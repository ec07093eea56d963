/** The sshwire command line: server, ssh and sftp clients, keygen, scan. */
module org.sshwire.cli {
    requires org.sshwire.sftp;
    requires org.sshwire.proxy;
    requires pty4j; // the server's terminals: optional in org.sshwire.connection, wanted here
    requires java.logging;
    requires jdk.net; // SO_PEERCRED: the agent checks who connects to its socket, as ssh-agent does
    requires info.picocli;
    // sun.misc.Signal: the terminal's SIGWINCH, which Java has no public API for.
    requires jdk.unsupported;

    // picocli instantiates commands and sets their fields reflectively.
    opens org.sshwire.cli to info.picocli;
}
