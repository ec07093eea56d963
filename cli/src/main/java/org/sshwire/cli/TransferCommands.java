package org.sshwire.cli;

import org.sshwire.sftp.NameEntry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.OpenFlags;
import org.sshwire.sftp.SftpHandle;
import org.sshwire.sftp.TransferOptions;

/**
 * {@code get/reget [-afpR] remote [local]} and {@code put/reput [-afpR] local [remote]} as sftp
 * runs them (process_get / process_put): the source is a glob, several matches need a directory
 * as destination, {@code -R}/{@code -r} walks directories ("Retrieving"/"Entering" lines),
 * {@code -a} resumes, {@code -p} keeps times and modes, {@code -f} syncs each file to disk.
 * Each file gets its own progress meter on a terminal.
 */
final class TransferCommands {
    private final SftpShell sh;
    private SftpCommandLine.Flags flags;
    private boolean resume;

    TransferCommands(SftpShell shell) {
        this.sh = shell;
    }

    void get(List<SftpCommandLine.Word> args, boolean reget) throws IOException, SftpShell.CommandException, SftpCommandLine.SyntaxException {
        String cmd = reget ? "reget" : "get";
        flags = SftpCommandLine.flags(cmd, args, reget ? "fpPrR" : "afpPrR");
        SftpShell.check(cmd, flags.operands(), 1, 2);
        resume = reget || flags.has('a');
        String pattern = sh.absoluteGlob(flags.operands().get(0).glob());
        String dst = flags.operands().size() > 1 ? flags.operands().get(1).text() : null;
        List<RemoteGlob.Match> matches = RemoteGlob.expand(pattern, sh.remoteFs());
        if (matches.isEmpty()) {
            throw new SftpShell.CommandException("File \"" + pattern + "\" not found.");
        }
        if (matches.size() > 1 && dst != null && !Files.isDirectory(sh.local(dst))) {
            throw new SftpShell.CommandException("Multiple source paths, but destination \"" + dst + "\" is not a directory");
        }
        for (RemoteGlob.Match m : matches) {
            String name = baseName(m.path());
            String shown = dst == null ? name : matches.size() == 1 && !Files.isDirectory(sh.local(dst)) ? dst
                    : RemoteGlob.join(dst, name);
            Path target = sh.local(shown);
            String src = m.attrs().isDirectory() ? m.path() + "/" : m.path();
            sh.info((resume ? "Resuming " : "Fetching ") + src + " to " + shown);
            if (m.attrs().isDirectory() && recursive()) {
                downloadDir(m.path(), target, m.attrs());
            } else {
                download(src, m.attrs(), target, shown);
            }
        }
    }

    void put(List<SftpCommandLine.Word> args, boolean reput) throws IOException, SftpShell.CommandException, SftpCommandLine.SyntaxException {
        String cmd = reput ? "reput" : "put";
        flags = SftpCommandLine.flags(cmd, args, reput ? "fpPrR" : "afpPrR");
        SftpShell.check(cmd, flags.operands(), 1, 2);
        resume = reput || flags.has('a');
        SftpCommandLine.Word src = flags.operands().get(0);
        String dst = flags.operands().size() > 1 ? sh.absolute(flags.operands().get(1).text()) : null;
        List<String> sources = localGlob(src);
        if (sources.size() > 1 && dst != null && !sh.remoteIsDir(dst)) {
            throw new SftpShell.CommandException("Multiple paths match, but destination \"" + dst + "\" is not a directory");
        }
        for (String s : sources) {
            Path p = sh.local(s);
            if (!Files.exists(p)) {
                sh.error("stat " + s + ": No such file or directory");
                continue;
            }
            String name = p.getFileName() == null ? s : p.getFileName().toString();
            String target = dst == null ? sh.absolute(name)
                    : sources.size() == 1 && !sh.remoteIsDir(dst) ? dst : RemoteGlob.join(dst, name);
            boolean dir = Files.isDirectory(p);
            String shown = dir && !s.endsWith("/") ? s + "/" : s;
            sh.info((resume ? "Resuming upload of " : "Uploading ") + shown + " to " + target);
            if (dir && recursive()) {
                uploadDir(p, shown, target);
            } else {
                upload(p, shown, target);
            }
        }
    }

    private boolean recursive() {
        return flags.has('r') || flags.has('R') || sh.settings.recursive();
    }

    private boolean preserve() {
        return flags.has('p') || flags.has('P') || sh.settings.preserve();
    }

    private TransferOptions options(String name, long resumeFrom, ProgressMeter[] meter) {
        TransferOptions o = TransferOptions.defaults().withRequests(sh.settings.requests(), sh.settings.bufferSize())
                .withResume(resume).withPreserve(preserve());
        if (sh.showProgress && sh.settings.interactive()) {
            meter[0] = new ProgressMeter(sh.out, name, resume ? resumeFrom : 0, sh.settings.columns(), System::nanoTime);
            o = o.withListener(meter[0]);
        }
        return o;
    }

    private void download(String remote, FileAttributes a, Path local, String shownLocal) throws IOException {
        if (a.has(FileAttributes.PERMISSIONS) && !a.isRegularFile()) {
            sh.error("download " + remote + ": not a regular file");
            return;
        }
        ProgressMeter[] meter = new ProgressMeter[1];
        try {
            long have = resume && Files.isRegularFile(local) ? Files.size(local) : 0;
            sh.sftp.get(remote, local, options(baseName(remote), have, meter));
        } catch (java.nio.file.FileSystemException e) {
            sh.error("open local \"" + shownLocal + "\": " + localReason(e));
            return;
        } catch (IOException e) {
            sh.error("download \"" + remote + "\": " + SftpShell.fx(e));
            return;
        }
        if (meter[0] != null) {
            meter[0].finish(Files.size(local));
        }
        if (flags.has('f')) {
            try (FileChannel ch = FileChannel.open(local, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
    }

    private void downloadDir(String remote, Path local, FileAttributes a) throws IOException {
        sh.out.println("Retrieving " + remote);
        try {
            Files.createDirectories(local);
        } catch (IOException e) {
            sh.error("mkdir " + local + ": " + localReason(e));
            return;
        }
        List<NameEntry> entries;
        try {
            entries = new ArrayList<>(sh.sftp.list(remote));
        } catch (IOException e) {
            sh.error("remote readdir \"" + remote + "\": " + SftpShell.fx(e));
            return;
        }
        entries.sort((x, y) -> x.filename().compareTo(y.filename()));
        for (NameEntry e : entries) {
            if (e.filename().contains("/")) {
                sh.error("remote readdir \"" + remote + "\": bad name " + e.filename());
                continue;
            }
            String child = RemoteGlob.join(remote, e.filename());
            if (e.attrs().isDirectory()) {
                downloadDir(child, local.resolve(e.filename()), e.attrs());
            } else if (e.attrs().isRegularFile()) {
                download(child, e.attrs(), local.resolve(e.filename()), local.resolve(e.filename()).toString());
            } else {
                sh.out.println(child + ": not a regular file");
            }
        }
        if (preserve() && a.has(FileAttributes.ACMODTIME)) {
            Files.setLastModifiedTime(local, FileTime.fromMillis(a.mtime() * 1000));
        }
    }

    private void upload(Path local, String shown, String remote) throws IOException {
        if (!Files.isRegularFile(local)) {
            sh.error(shown + " is not a regular file");
            return;
        }
        ProgressMeter[] meter = new ProgressMeter[1];
        try {
            FileAttributes there = resume ? sh.statOrNull(remote) : null;
            sh.sftp.put(local, remote, options(local.getFileName().toString(), there == null ? 0 : there.size(), meter));
        } catch (java.nio.file.FileSystemException e) {
            sh.error("open local \"" + shown + "\": " + localReason(e));
            return;
        } catch (IOException e) {
            sh.error("upload \"" + remote + "\": " + SftpShell.fx(e));
            return;
        }
        if (meter[0] != null) {
            meter[0].finish(Files.size(local));
        }
        if (flags.has('f') && sh.sftp.serverExtensions().containsKey("fsync@openssh.com")) {
            // fsync(2) on any descriptor of the file flushes it: a second handle is enough.
            SftpHandle h = sh.sftp.open(remote, OpenFlags.WRITE, FileAttributes.EMPTY);
            try {
                sh.sftp.fsync(h);
            } finally {
                sh.sftp.close(h);
            }
        }
    }

    private void uploadDir(Path local, String shown, String remote) throws IOException {
        sh.out.println("Entering " + shown);
        FileAttributes existing = sh.statOrNull(remote);
        if (existing == null) {
            try {
                sh.sftp.mkdir(remote, FileAttributes.EMPTY.withPermissions(0777));
            } catch (IOException e) {
                sh.error("remote mkdir \"" + remote + "\": " + SftpShell.fx(e));
                return;
            }
        } else if (!existing.isDirectory()) {
            sh.error("\"" + remote + "\" exists but is not a directory");
            return;
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(local)) {
            children = s.sorted().toList();
        }
        for (Path p : children) {
            String name = p.getFileName().toString();
            String childShown = RemoteGlob.join(shown, name);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                uploadDir(p, childShown, RemoteGlob.join(remote, name));
            } else if (Files.isRegularFile(p)) {
                upload(p, childShown, RemoteGlob.join(remote, name));
            } else {
                sh.out.println(childShown + ": not a regular file");
            }
        }
        if (preserve()) {
            long mtime = Files.getLastModifiedTime(local).toMillis() / 1000;
            sh.sftp.setStat(remote, FileAttributes.EMPTY.withTimes(mtime, mtime));
        }
    }

    /** Local matches of the word, or the word itself when nothing matches (the error comes later). */
    private List<String> localGlob(SftpCommandLine.Word w) throws IOException {
        if (!RemoteGlob.hasMagic(w.glob())) {
            return List.of(w.text());
        }
        String pattern = w.glob().startsWith("/") ? w.glob() : RemoteGlob.join(RemoteGlob.escape(sh.lpwd.toString()), w.glob());
        List<String> out = new ArrayList<>();
        String base = sh.lpwd.toString() + "/";
        for (RemoteGlob.Match m : RemoteGlob.expand(pattern, localFs())) {
            // Show matches as typed: relative patterns give relative names.
            out.add(!w.glob().startsWith("/") && m.path().startsWith(base) ? m.path().substring(base.length()) : m.path());
        }
        return out.isEmpty() ? List.of(w.text()) : out;
    }

    private static RemoteGlob.Fs localFs() {
        return new RemoteGlob.Fs() {
            @Override
            public List<RemoteGlob.Entry> list(String dir) throws IOException {
                List<RemoteGlob.Entry> out = new ArrayList<>();
                try (Stream<Path> s = Files.list(Path.of(dir))) {
                    for (Path p : s.toList()) {
                        out.add(new RemoteGlob.Entry(p.getFileName().toString(), stat(p.toString())));
                    }
                }
                return out;
            }

            @Override
            public FileAttributes stat(String path) {
                Path p = Path.of(path);
                if (!Files.exists(p)) {
                    return null;
                }
                return FileAttributes.EMPTY.withPermissions(Files.isDirectory(p) ? FileAttributes.S_IFDIR | 0755
                        : FileAttributes.S_IFREG | 0644);
            }
        };
    }

    private static String localReason(IOException e) {
        String reason = UserErrors.describe(e);
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else if (e instanceof java.nio.file.NoSuchFileException) {
            reason = "No such file or directory";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            reason = "Permission denied";
        }
        return reason;
    }

    static String baseName(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
