package org.sshwire.proxy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.sshwire.proxy.internal.record.Json;

/**
 * The live view of a running bastion, for its operator: each bastion process listens on
 * {@code DIR/control-PID.sock}, a Unix-domain socket only its own account (and root) may use —
 * mode 0600, and the peer's credentials ({@code SO_PEERCRED}) checked on every connection — and
 * answers one JSON-lines request per connection: {@code {"op":"list"}} with one object per
 * connection and a closing {@code {"end":N}}, {@code {"op":"terminate","id":ID}} with
 * {@code {"terminated":true|false}}. Several processes sharing {@code DIR} each have their own
 * socket; {@link #sessions} and {@link #terminate} ask them all.
 *
 * <pre>{@code
 * try (ControlSocket control = ControlSocket.open(relay, Path.of("/var/lib/bastion"))) { ... }
 * for (LiveSession s : ControlSocket.sessions(Path.of("/var/lib/bastion"))) System.out.println(s);
 * ControlSocket.terminate(Path.of("/var/lib/bastion"), id);
 * }</pre>
 */
public final class ControlSocket implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlSocket.class.getName());
    /** A request is one short line; a longer one is refused before it is read further. */
    private static final int MAX_REQUEST = 4096;
    private static final String REASON = "terminated by the bastion's operator";
    private static final java.time.Duration CLIENT_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final Relay relay;
    private final Path path;
    private final ServerSocketChannel server;
    private final String owner = System.getProperty("user.name");

    private ControlSocket(Relay relay, Path path, ServerSocketChannel server) {
        this.relay = relay;
        this.path = path;
        this.server = server;
    }

    /**
     * Listens on {@code dir/control-PID.sock} for {@code relay} (the directory is made, mode
     * 0700, if missing; a socket left there by an earlier process with this id is replaced).
     *
     * @throws IOException if it cannot listen there (a path over the 107 bytes a Unix socket name may have, say)
     */
    public static ControlSocket open(Relay relay, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path path = dir.resolve("control-" + ProcessHandle.current().pid() + ".sock").toAbsolutePath();
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            // The umask's mode already keeps others from connecting (connect needs write
            // permission); 0600 and the peer check below make it only this account's.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
        ControlSocket c = new ControlSocket(relay, path, server);
        Thread t = new Thread(c::acceptLoop, "sshwire-proxy-control");
        t.setDaemon(true);
        t.start();
        return c;
    }

    /** Where it listens. */
    public Path path() {
        return path;
    }

    /** Stops listening and removes the socket. */
    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + path + ": " + e.getMessage());
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread t = new Thread(() -> serve(client), "sshwire-proxy-control-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel client) {
        // A client that sends nothing is cut off: a blocking channel read has no timeout of its own.
        CompletableFuture.delayedExecutor(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            try {
                client.close();
            } catch (IOException e) {
                // closed already
            }
        });
        try (client) {
            if (!permitted(client)) {
                write(client, List.of(new Json().put("error", "only " + owner + " or root may use this socket").toString()));
                return;
            }
            String line = readLine(client);
            write(client, answer(line));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "control client: " + e.getMessage());
        }
    }

    /** The peer runs as this process's account or as root (Linux SO_PEERCRED). */
    private boolean permitted(SocketChannel client) throws IOException {
        try {
            String peer = client.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
            return peer.equals(owner) || peer.equals("root");
        } catch (UnsupportedOperationException e) {
            return true; // no peer credentials on this platform: the file mode alone guards it
        }
    }

    private List<String> answer(String line) {
        Map<String, String> req;
        try {
            req = Json.parseFlat(line);
        } catch (IllegalArgumentException e) {
            return List.of(new Json().put("error", "bad request: " + e.getMessage()).toString());
        }
        String op = req.getOrDefault("op", "");
        if (op.equals("list")) {
            List<String> out = new ArrayList<>();
            List<LiveSession> sessions = relay.sessions();
            for (LiveSession s : sessions) {
                out.add(new Json().put("id", s.id()).put("login", s.login()).put("client", s.client()).put("route", s.route())
                        .put("started", s.started().toString()).put("channels", s.channels())
                        .put("bytesToUpstream", s.bytesToUpstream()).put("bytesToClient", s.bytesToClient()).toString());
            }
            out.add(new Json().put("end", sessions.size()).toString());
            return out;
        }
        if (op.equals("terminate") && req.containsKey("id")) {
            return List.of(new Json().put("terminated", relay.terminate(req.get("id"), REASON)).toString());
        }
        return List.of(new Json().put("error", "unknown request (want {\"op\":\"list\"} or {\"op\":\"terminate\",\"id\":ID})").toString());
    }

    /** The live sessions of every bastion process with a socket in {@code dir} (one not answering is left out). */
    public static List<LiveSession> sessions(Path dir) throws IOException {
        List<LiveSession> all = new ArrayList<>();
        for (Path socket : sockets(dir)) {
            List<String> lines = ask(socket, new Json().put("op", "list").toString());
            if (lines == null) {
                continue;
            }
            boolean ended = false;
            for (String l : lines) {
                Map<String, String> m = parse(socket, l);
                if (m.containsKey("end")) {
                    ended = true;
                    break;
                }
                try {
                    all.add(new LiveSession(m.get("id"), m.get("login"), m.get("client"), m.getOrDefault("route", ""),
                            Instant.parse(m.get("started")), Integer.parseInt(m.get("channels")),
                            Long.parseLong(m.get("bytesToUpstream")), Long.parseLong(m.get("bytesToClient"))));
                } catch (RuntimeException e) {
                    throw new IOException(socket + " answered a malformed session: " + l, e);
                }
            }
            if (!ended) {
                throw new IOException(socket + " answered " + lines);
            }
        }
        return all;
    }

    /**
     * Ends connection {@code id} in whichever bastion process with a socket in {@code dir} relays
     * it: the user sees "terminated by the bastion's operator" and is disconnected.
     *
     * @return false if none of them has it
     */
    public static boolean terminate(Path dir, String id) throws IOException {
        boolean done = false;
        for (Path socket : sockets(dir)) {
            List<String> lines = ask(socket, new Json().put("op", "terminate").put("id", id).toString());
            if (lines != null && !lines.isEmpty() && "true".equals(parse(socket, lines.get(0)).get("terminated"))) {
                done = true;
            }
        }
        return done;
    }

    private static Map<String, String> parse(Path socket, String line) throws IOException {
        try {
            Map<String, String> m = Json.parseFlat(line);
            if (m.containsKey("error")) {
                throw new IOException(socket + ": " + m.get("error"));
            }
            return m;
        } catch (IllegalArgumentException e) {
            throw new IOException(socket + " answered something not JSON: " + line, e);
        }
    }

    private static List<Path> sockets(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "control-*.sock")) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    /** The answer's lines, or null if nothing listens there (a process that ended without removing its socket). */
    private static List<String> ask(Path socket, String request) throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (java.net.ConnectException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: no bastion answers (left by a process that ended?)", socket);
            return null;
        }
        try (ch) {
            write(ch, List.of(request));
            ch.shutdownOutput();
            java.io.BufferedReader r = new java.io.BufferedReader(Channels.newReader(ch, StandardCharsets.UTF_8));
            return r.lines().toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void write(SocketChannel ch, List<String> lines) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** One line, at most {@link #MAX_REQUEST} bytes, ended by a newline or the end of input. */
    private static String readLine(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAX_REQUEST);
        while (b.hasRemaining()) {
            int n = ch.read(b);
            if (n < 0) {
                break;
            }
            for (int i = b.position() - n; i < b.position(); i++) {
                if (b.get(i) == '\n') {
                    return new String(b.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
        }
        if (!b.hasRemaining()) {
            throw new IOException("request longer than " + MAX_REQUEST + " bytes");
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }
}
