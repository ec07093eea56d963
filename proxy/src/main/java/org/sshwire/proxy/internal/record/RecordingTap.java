package org.sshwire.proxy.internal.record;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.proxy.RelayTap;
import org.sshwire.proxy.RelayedChannel;
import org.sshwire.proxy.Route;
import org.sshwire.transport.wire.Bytes;

/**
 * The bastion's standard recorder: {@code audit.jsonl} (logins, routes, channels, commands,
 * outcomes), an asciicast v2 file per terminal session and an operations log per SFTP session,
 * under {@code DIR/CONNECTION/}. Every file is written as the session runs and flushed per
 * line, and split at a size cap (see {@link RotatingFile}). Optionally, and within a cap per
 * connection ({@link ContentBudget}), the contents too: SFTP files as written and read
 * ({@link SftpContents}) and forwarded channels' bytes ({@link ForwardedBytes}).
 */
public final class RecordingTap implements RelayTap {
    private static final System.Logger LOG = System.getLogger(RecordingTap.class.getName());
    private final Path dir;
    private final long maxBytes;
    private final int keep;
    private final RotatingFile audit;
    private final Contents contents;
    private final Map<String, ChannelRecord> channels = new ConcurrentHashMap<>();
    private final Map<String, ContentBudget> budgets = new ConcurrentHashMap<>();
    /** Writes the contents off the relay's threads; at most 64 MiB of them wait for the disk. */
    private final ContentWriter writer;

    /**
     * Which contents are saved besides the logs, and how many bytes of them per connection.
     * Both are off unless asked for: they are what users typed into files and sent through
     * tunnels (passwords, personal data), and they take as much disk as the transfers.
     */
    public record Contents(boolean sftp, boolean forwards, long maxBytesPerConnection) {
        public static final Contents NONE = new Contents(false, false, 0);

        public Contents {
            if (maxBytesPerConnection < 0) {
                throw new IllegalArgumentException("maxBytesPerConnection must not be negative: " + maxBytesPerConnection);
            }
        }
    }

    /** What one channel's recording holds while it is open. */
    private static final class ChannelRecord {
        final RelayedChannel channel;
        volatile ChannelRequestBody.PtyReq pty;
        volatile Asciicast cast;
        volatile SftpLog sftp;
        volatile String command;
        volatile String exit;
        volatile ForwardedBytes forward;
        volatile String forwardStopped;
        final java.util.concurrent.atomic.AtomicLong toUpstream = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong toClient = new java.util.concurrent.atomic.AtomicLong();

        ChannelRecord(RelayedChannel channel) {
            this.channel = channel;
        }
    }

    public RecordingTap(Path dir, long maxBytes, int keep) throws IOException {
        this(dir, maxBytes, keep, Contents.NONE);
    }

    public RecordingTap(Path dir, long maxBytes, int keep, Contents contents) throws IOException {
        this.dir = dir;
        this.contents = contents;
        this.writer = contents.sftp() || contents.forwards() ? new ContentWriter(64L << 20) : null;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.audit = RotatingFile.shared(dir.resolve("audit.jsonl"), maxBytes, keep);
    }

    private static String key(RelayedChannel ch) {
        return ch.connection() + "/" + ch.number();
    }

    private void audit(Json j) {
        try {
            audit.line(j.toString());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the audit log: " + e.getMessage());
        }
    }

    private static Json event(String name, String connection) {
        return new Json().put("time", Instant.now().toString()).put("event", name).put("connection", connection);
    }

    private static String address(InetSocketAddress a) {
        return a == null ? null : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void connected(String connection, String login, InetSocketAddress client, Route route,
                          java.util.Optional<org.sshwire.transport.keys.SshCertificate> upstreamCertificate) {
        Json j = event("login", connection).put("login", login).put("client", address(client)).put("route", route.toString());
        // What the upstream sshd logs of the login ("Accepted certificate ID ... (serial N)"), to join the two logs.
        upstreamCertificate.ifPresent(c -> j.put("certKeyId", c.keyId()).put("certSerial", Long.toUnsignedString(c.serial())));
        audit(j);
    }

    @Override
    public void refused(String connection, String login, InetSocketAddress client, String reason) {
        audit(event("refused", connection).put("login", login).put("client", address(client)).put("reason", reason));
    }

    private ContentBudget budget(String connection) {
        return budgets.computeIfAbsent(connection, c -> new ContentBudget(contents.maxBytesPerConnection()));
    }

    @Override
    public void channelOpened(RelayedChannel ch) {
        ChannelRecord r = new ChannelRecord(ch);
        Json j = event("channel-open", ch.connection()).put("channel", ch.number()).put("type", ch.type())
                .put("by", ch.fromClient() ? "client" : "upstream");
        ChannelOpenData.decode(ch.type(), ch.openData()).ifPresent(d -> describe(j, d));
        if (contents.forwards() && ForwardedBytes.isForward(ch.type())) {
            r.forward = new ForwardedBytes(dir.resolve(ch.connection()).resolve(ch.number() + "-" + ch.type()), budget(ch.connection()), writer);
            j.put("fromClient", relative(r.forward.fromClient)).put("fromUpstream", relative(r.forward.fromUpstream));
        }
        channels.put(key(ch), r);
        audit(j);
    }

    private String relative(SavedBytes s) {
        return dir.toAbsolutePath().relativize(s.path().toAbsolutePath()).toString().replace(java.io.File.separatorChar, '/');
    }

    /** Forwarded connections as metadata: where to, and from where. */
    private static void describe(Json j, ChannelOpenData d) {
        if (d instanceof ChannelOpenData.DirectTcpip t) {
            j.put("target", t.hostToConnect() + ":" + t.portToConnect()).put("origin", t.originatorAddress() + ":" + t.originatorPort());
        } else if (d instanceof ChannelOpenData.ForwardedTcpip t) {
            j.put("listen", t.connectedAddress() + ":" + t.connectedPort()).put("origin", t.originatorAddress() + ":" + t.originatorPort());
        } else if (d instanceof ChannelOpenData.DirectStreamlocal s) {
            j.put("target", s.socketPath());
        } else if (d instanceof ChannelOpenData.ForwardedStreamlocal s) {
            j.put("listen", s.socketPath());
        }
    }

    @Override
    public void channelRefused(String connection, String type, Bytes openData, String reason) {
        Json j = event("channel-refused", connection).put("type", type).put("reason", reason);
        ChannelOpenData.decode(type, openData).ifPresent(d -> describe(j, d));
        audit(j);
    }

    @Override
    public void request(RelayedChannel ch, Flow flow, String type, ChannelRequestBody body, boolean accepted) {
        ChannelRecord r = channels.get(key(ch));
        if (r == null) {
            return;
        }
        try {
            if (flow == Flow.UPSTREAM_TO_CLIENT) {
                if (body instanceof ChannelRequestBody.ExitStatus s) {
                    r.exit = String.valueOf(s.exitStatus());
                } else if (body instanceof ChannelRequestBody.ExitSignal s) {
                    r.exit = "signal " + s.signalName();
                }
                return;
            }
            Json j = event("request", ch.connection()).put("channel", ch.number()).put("type", type).put("accepted", accepted);
            if (body instanceof ChannelRequestBody.PtyReq p) {
                // The recording starts with the terminal: sshd's motd and the first prompt come
                // while the shell request is still on its way back.
                r.pty = p;
                startCast(r, accepted);
                j.put("term", p.term()).put("size", p.widthChars() + "x" + p.heightRows());
            } else if (body instanceof ChannelRequestBody.Exec e) {
                r.command = e.command().asUtf8();
                j.put("command", r.command);
            } else if (body instanceof ChannelRequestBody.Subsystem s) {
                j.put("subsystem", s.name());
                if (accepted && s.name().equals("sftp")) {
                    SftpContents saved = null;
                    if (contents.sftp()) {
                        Path d = dir.resolve(ch.connection()).resolve(ch.number() + "-sftp");
                        saved = new SftpContents(d, d.getParent(), budget(ch.connection()), writer);
                        j.put("contents", dir.relativize(d) + "/");
                    }
                    r.sftp = new SftpLog(file(ch, "sftp.jsonl"), maxBytes, keep, saved);
                    j.put("recording", dir.relativize(file(ch, "sftp.jsonl")).toString());
                }
            } else if (body instanceof ChannelRequestBody.WindowChange w) {
                Asciicast c = r.cast;
                if (c != null) {
                    c.resize(w.widthChars(), w.heightRows());
                }
                j.put("size", w.widthChars() + "x" + w.heightRows());
            } else if (body instanceof ChannelRequestBody.Env e) {
                j.put("name", e.name());
            } else if (body instanceof ChannelRequestBody.Signal s) {
                j.put("signal", s.signalName());
            }
            if (r.cast != null && (body instanceof ChannelRequestBody.Exec || body instanceof ChannelRequestBody.Shell)) {
                j.put("recording", dir.relativize(file(ch, "cast")).toString());
            }
            audit(j);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record " + ch + ": " + e.getMessage());
        }
    }

    private void startCast(ChannelRecord r, boolean accepted) throws IOException {
        ChannelRequestBody.PtyReq p = r.pty;
        if (p == null || !accepted || r.cast != null) {
            return;
        }
        RelayedChannel ch = r.channel;
        r.cast = new Asciicast(file(ch, "cast"), maxBytes, keep, p.widthChars(), p.heightRows(), p.term(),
                ch.login() + " " + ch.route());
    }

    private Path file(RelayedChannel ch, String suffix) {
        return dir.resolve(ch.connection()).resolve(ch.number() + "-" + ch.type() + "." + suffix);
    }

    @Override
    public void data(RelayedChannel ch, Flow flow, int stream, Bytes data) {
        ChannelRecord r = channels.get(key(ch));
        if (r == null) {
            return;
        }
        (flow == Flow.CLIENT_TO_UPSTREAM ? r.toUpstream : r.toClient).addAndGet(data.length());
        try {
            Asciicast c = r.cast;
            if (c != null) {
                if (flow == Flow.UPSTREAM_TO_CLIENT) {
                    c.output(data.toArray());
                } else if (stream == 0) {
                    c.input(data.toArray());
                }
            }
            ForwardedBytes fwd = r.forward;
            if (fwd != null && stream == 0) {
                String stopped = fwd.save(flow == Flow.CLIENT_TO_UPSTREAM, data.asReadOnlyBuffer());
                if (stopped != null && r.forwardStopped == null) {
                    r.forwardStopped = stopped;
                    audit(event("bytes-not-saved", ch.connection()).put("channel", ch.number()).put("type", ch.type())
                            .put("reason", stopped));
                }
            }
            SftpLog s = r.sftp;
            if (s != null && stream == 0) {
                if (flow == Flow.CLIENT_TO_UPSTREAM) {
                    s.fromClient(data.toArray());
                } else {
                    s.fromServer(data.toArray());
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record " + ch + ": " + e.getMessage());
        }
    }

    @Override
    public void channelClosed(RelayedChannel ch) {
        ChannelRecord r = channels.remove(key(ch));
        if (r == null) {
            return;
        }
        Json j = event("channel-close", ch.connection()).put("channel", ch.number()).put("type", ch.type())
                .put("command", r.command).put("exit", r.exit)
                .put("bytesToUpstream", r.toUpstream.get()).put("bytesToClient", r.toClient.get());
        ForwardedBytes fwd = r.forward;
        if (fwd != null) {
            // Written once the writer has the bytes on disk, with their digests.
            fwd.close(f -> {
                j.put("fromClient", relative(f.fromClient)).put("fromClientSha256", f.fromClient.sha256())
                        .put("fromUpstream", relative(f.fromUpstream)).put("fromUpstreamSha256", f.fromUpstream.sha256());
                String stopped = f.fromClient.stopped() != null ? f.fromClient.stopped() : f.fromUpstream.stopped();
                if (stopped != null) {
                    j.put("bytesSavedIncomplete", stopped);
                }
                audit(j);
            });
        } else {
            audit(j);
        }
        try {
            if (r.cast != null) {
                r.cast.close();
            }
            if (r.sftp != null) {
                r.sftp.close();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot close the recording of " + ch + ": " + e.getMessage());
        }
    }

    /** Waits (at most {@code seconds}) until the contents handed over so far are on disk, with their log lines. */
    boolean flush(long seconds) throws InterruptedException {
        return writer == null || writer.flush(seconds);
    }

    @Override
    public void globalRequest(String connection, String name, Bytes data, boolean accepted) {
        Json j = event("global-request", connection).put("name", name).put("accepted", accepted);
        GlobalRequestBody.decode(name, data).ifPresent(b -> {
            if (b instanceof GlobalRequestBody.TcpipForward f) {
                j.put("listen", f.bindAddress() + ":" + f.bindPort());
            } else if (b instanceof GlobalRequestBody.StreamlocalForward f) {
                j.put("listen", f.socketPath());
            }
        });
        audit(j);
    }

    @Override
    public void policyDenied(String connection, String request, String reason) {
        audit(event("policy-denied", connection).put("request", request).put("reason", reason));
    }

    @Override
    public void ended(String connection, String reason) {
        audit(event("ended", connection).put("reason", reason));
    }

    @Override
    public void disconnected(String connection) {
        budgets.remove(connection);
        audit(event("logout", connection));
    }
}
