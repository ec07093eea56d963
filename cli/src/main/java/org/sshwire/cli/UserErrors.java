package org.sshwire.cli;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** Turns failures into the one line a person can act on (issue 8 item 7). */
final class UserErrors {
    private UserErrors() {
    }

    /** A failure that already carries its message and exit code. */
    static final class ExitException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        ExitException(String message, int code) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    static ExitException fail(String message) {
        return new ExitException(message, 1);
    }

    static String describe(Throwable e) {
        Throwable t = e;
        if (t instanceof ExitException) {
            return t.getMessage();
        }
        if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
            return t.getMessage() + ": no such file";
        }
        if (t instanceof FileAlreadyExistsException) {
            return t.getMessage() + " already exists";
        }
        if (t instanceof AccessDeniedException) {
            return t.getMessage() + ": permission denied";
        }
        if (t instanceof ConnectException) {
            return "connection refused" + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof SocketTimeoutException) {
            return "connection timed out";
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
