/** Loaders for external known-answer data (../shared/vectors); depends on nothing of sshwire. */
module org.sshwire.testvectors {
    requires org.junit.jupiter.api;

    exports org.sshwire.testvectors;
}
