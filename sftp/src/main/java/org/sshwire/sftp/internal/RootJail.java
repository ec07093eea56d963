package org.sshwire.sftp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.StatusCode;

/**
 * Resolves client paths inside a root directory, component by component as {@link Path}s
 * (never by string prefix, so {@code /srv/root2} is not inside {@code /srv/root}).
 *
 * <p>The client sees the root as "/". A client's own {@code ..} at the root stays at the root,
 * as in a chroot. Symlinks met on the way are read and followed for real: an absolute target must
 * lie under the real root, and a relative target may not climb above it; otherwise the
 * resolution fails with SSH_FX_PERMISSION_DENIED and reveals nothing about the target. The
 * resolved path is symlink-free except, when asked, its last component.
 *
 * <p>Limitation: Java 17 has no openat(2), so a symlink swapped into an intermediate directory
 * between resolution and use (a race with a local user) is not detected; the last component is
 * opened with NOFOLLOW_LINKS where the operation allows it.
 */
public final class RootJail {
    /** Like Linux's MAXSYMLINKS: more hops than this is ELOOP, which OpenSSH maps to NO_SUCH_FILE. */
    private static final int MAX_LINK_HOPS = 40;
    /** PATH_MAX: longer client paths are ENAMETOOLONG, which OpenSSH maps to BAD_MESSAGE. */
    static final int MAX_PATH = 4096;

    private final Path root;
    private final List<String> startComponents;

    /** @param realRoot an absolute, symlink-free directory ({@link Path#toRealPath}) */
    public RootJail(Path realRoot, String startDirectory) {
        this.root = realRoot;
        List<String> s = new ArrayList<>();
        for (String c : startDirectory.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!s.isEmpty()) {
                    s.remove(s.size() - 1);
                }
            } else {
                s.add(c);
            }
        }
        this.startComponents = List.copyOf(s);
    }

    public Path root() {
        return root;
    }

    /** The start directory as the client sees it ("/" + components). */
    public String startDirectory() {
        return virtual(startComponents);
    }

    /** A resolved path: the real {@link Path} and the client's view of it. */
    public record Resolved(Path real, List<String> components) {
        public String virtual() {
            return RootJail.virtual(components);
        }
    }

    public static String virtual(List<String> components) {
        return "/" + String.join("/", components);
    }

    private record Component(String name, boolean fromLink) {
    }

    /**
     * Resolves {@code clientPath}. Relative paths start at the start directory.
     *
     * @param followLast whether a symlink in the last position is followed (stat) or not (lstat)
     */
    public Resolved resolve(String clientPath, boolean followLast) throws IOException {
        if (clientPath.indexOf('\0') >= 0) {
            throw new SftpException(StatusCode.NO_SUCH_FILE);
        }
        if (clientPath.length() > MAX_PATH) {
            throw new SftpException(StatusCode.BAD_MESSAGE);
        }
        Deque<String> stack = new ArrayDeque<>();
        if (!clientPath.startsWith("/")) {
            stack.addAll(startComponents);
        }
        Deque<Component> work = new ArrayDeque<>();
        for (String c : clientPath.split("/")) {
            work.addLast(new Component(c, false));
        }
        int hops = 0;
        while (!work.isEmpty()) {
            Component c = work.pollFirst();
            String name = c.name();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!stack.isEmpty()) {
                    stack.removeLast();
                } else if (c.fromLink()) {
                    throw escape();
                }
                continue;
            }
            Path candidate = realOf(stack).resolve(name);
            if (!candidate.getParent().equals(realOf(stack))) {
                throw new SftpException(StatusCode.NO_SUCH_FILE); // a name Path would not keep as one component
            }
            boolean last = work.stream().allMatch(w -> w.name().isEmpty() || w.name().equals("."));
            if ((!last || followLast) && Files.isSymbolicLink(candidate)) {
                if (++hops > MAX_LINK_HOPS) {
                    throw new SftpException(StatusCode.NO_SUCH_FILE, "Too many levels of symbolic links");
                }
                Path target = Files.readSymbolicLink(candidate);
                List<Component> spliced = new ArrayList<>();
                if (target.isAbsolute()) {
                    if (!target.normalize().startsWith(root)) {
                        throw escape();
                    }
                    stack.clear();
                    for (Path p : root.relativize(target)) {
                        spliced.add(new Component(p.toString(), true));
                    }
                } else {
                    for (Path p : target) {
                        spliced.add(new Component(p.toString(), true));
                    }
                }
                for (int i = spliced.size() - 1; i >= 0; i--) {
                    work.addFirst(spliced.get(i));
                }
                continue;
            }
            stack.addLast(name);
        }
        List<String> comps = List.copyOf(stack);
        Path real = realOf(stack);
        if (!real.startsWith(root)) {
            throw escape(); // cannot happen by construction; checked anyway
        }
        return new Resolved(real, comps);
    }

    /**
     * Checks that a symlink target given by the client, for a link in {@code linkDir}, stays
     * inside the root, and returns what to store in the link: relative targets as given,
     * absolute ones (client view) as the real absolute path.
     */
    public String checkLinkTarget(String target, Resolved linkDir) throws IOException {
        if (target.indexOf('\0') >= 0 || target.isEmpty()) {
            throw new SftpException(StatusCode.NO_SUCH_FILE);
        }
        if (target.startsWith("/")) {
            return resolve(target, false).real().toString();
        }
        Deque<String> stack = new ArrayDeque<>(linkDir.components());
        for (String c : target.split("/")) {
            if (c.equals("..")) {
                if (stack.isEmpty()) {
                    throw escape();
                }
                stack.removeLast();
            } else if (!c.isEmpty() && !c.equals(".")) {
                stack.addLast(c);
            }
        }
        return target;
    }

    /** A link's target as the client may see it, or PERMISSION_DENIED if it points outside. */
    public String revealLinkTarget(Resolved link) throws IOException {
        Path target = Files.readSymbolicLink(link.real());
        if (target.isAbsolute()) {
            if (!target.normalize().startsWith(root)) {
                throw escape();
            }
            return resolve("/" + root.relativize(target.normalize()).toString().replace('\\', '/'), false).virtual();
        }
        List<String> dir = link.components().subList(0, Math.max(0, link.components().size() - 1));
        checkLinkTarget(target.toString(), new Resolved(realOf(dir), dir));
        return target.toString();
    }

    private Path realOf(Iterable<String> components) {
        Path p = root;
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }

    private static SftpException escape() {
        return new SftpException(StatusCode.PERMISSION_DENIED);
    }
}
