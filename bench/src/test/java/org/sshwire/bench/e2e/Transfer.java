package org.sshwire.bench.e2e;

/** The four throughput cells of each cipher, plus the two small-file transfers. */
enum Transfer {
    EXEC_UPLOAD("ssh 'cat > /dev/null' < file"),
    EXEC_DOWNLOAD("ssh 'cat file' > /dev/null"),
    SFTP_PUT("sftp put"),
    SFTP_GET("sftp get"),
    SMALL_PUT("sftp put of the small files"),
    SMALL_GET("sftp get of the small files");

    static final Transfer[] BIG = {EXEC_UPLOAD, EXEC_DOWNLOAD, SFTP_PUT, SFTP_GET};

    final String label;

    Transfer(String label) {
        this.label = label;
    }

    /** Where an upload lands in the SFTP root; removed after each run. */
    static final String UPLOADED = "up.bin";
    static final String SMALL_UPLOADED = "small-up";
    /** Where a download lands in the client folder; removed after each run. */
    static final String DOWNLOADED = "down.bin";
    static final String SMALL_DOWNLOADED = "small-down";
}
