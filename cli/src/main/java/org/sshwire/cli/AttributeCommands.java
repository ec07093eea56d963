package org.sshwire.cli;

import java.io.IOException;
import java.util.List;
import org.sshwire.sftp.FileAttributes;

/**
 * {@code chmod [-h] mode path}, {@code chown [-h] uid path}, {@code chgrp [-h] gid path}: each
 * match of the glob is changed on its own, so one failure does not stop the others; {@code -h}
 * changes a symbolic link itself (lsetstat@openssh.com) instead of its target.
 */
final class AttributeCommands {
    private final SftpShell sh;

    AttributeCommands(SftpShell shell) {
        this.sh = shell;
    }

    void run(String cmd, List<SftpCommandLine.Word> args) throws IOException, SftpShell.CommandException, SftpCommandLine.SyntaxException {
        SftpCommandLine.Flags f = SftpCommandLine.flags(cmd, args, "h");
        List<SftpCommandLine.Word> ops = f.operands();
        if (ops.size() < 2) {
            throw new SftpCommandLine.SyntaxException("You must supply a numeric argument to the " + cmd + " command.");
        }
        SftpShell.check(cmd, ops, 2, 2);
        long value;
        try {
            value = cmd.equals("chmod") ? Long.parseLong(ops.get(0).text(), 8) : Long.parseLong(ops.get(0).text());
        } catch (NumberFormatException e) {
            throw new SftpCommandLine.SyntaxException("You must supply a numeric argument to the " + cmd + " command.");
        }
        if (value < 0 || value > (cmd.equals("chmod") ? 07777 : 0xffffffffL)) {
            throw new SftpCommandLine.SyntaxException("You must supply a numeric argument to the " + cmd + " command.");
        }
        for (String path : sh.globOrLiteral(sh.absoluteGlob(ops.get(1).glob()))) {
            try {
                change(cmd, path, value, f.has('h'));
            } catch (IOException e) {
                sh.error("remote setstat \"" + path + "\": " + SftpShell.fx(e));
            }
        }
    }

    private void change(String cmd, String path, long value, boolean noFollow) throws IOException {
        FileAttributes a;
        switch (cmd) {
            case "chmod" -> {
                sh.info("Changing mode on " + path);
                a = FileAttributes.EMPTY.withPermissions(value);
            }
            default -> {
                FileAttributes now = noFollow ? sh.sftp.lstat(path) : sh.sftp.stat(path);
                if (!now.has(FileAttributes.UIDGID)) {
                    throw new org.sshwire.sftp.SftpException(org.sshwire.sftp.StatusCode.FAILURE, "no uid/gid");
                }
                boolean owner = cmd.equals("chown");
                sh.info((owner ? "Changing owner on " : "Changing group on ") + path);
                a = owner ? FileAttributes.EMPTY.withOwner(value, now.gid()) : FileAttributes.EMPTY.withOwner(now.uid(), value);
            }
        }
        if (noFollow) {
            sh.sftp.lsetStat(path, a);
        } else {
            sh.sftp.setStat(path, a);
        }
    }
}
