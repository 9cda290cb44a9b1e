package com.servicehub.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal RESP client that only PUBLISHes, pipelined: commands are written into a buffer and
 * flushed once per batch, and a reader thread consumes the replies. Each reply is the number of
 * subscribers that got the message, which tells whether any service node is listening at all.
 * Plays "another service publishing straight on the Redis channels" (CONTRACT §4).
 */
final class RedisPublisher implements AutoCloseable {

    private static final byte[] PUBLISH = "*3\r\n$7\r\nPUBLISH\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final Thread reader;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong receivers = new AtomicLong();
    private final AtomicLong unheard = new AtomicLong();
    private final AtomicLong errorReplies = new AtomicLong();
    private volatile String lastError;

    private RedisPublisher(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.reader = new Thread(this::readReplies, "redis-replies");
        this.reader.setDaemon(true);
    }

    /** {@code redis://[[user]:password@]host[:port][/db]}. */
    static RedisPublisher connect(URI url) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort() > 0 ? url.getPort() : 6379), 5000);
        RedisPublisher publisher = new RedisPublisher(socket);
        String userInfo = url.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            String[] parts = userInfo.split(":", 2);
            String password = URLDecoder.decode(parts.length == 2 ? parts[1] : parts[0], StandardCharsets.UTF_8);
            String user = parts.length == 2 ? URLDecoder.decode(parts[0], StandardCharsets.UTF_8) : "";
            if (user.isEmpty()) {
                publisher.command("AUTH", password);
            } else {
                publisher.command("AUTH", user, password);
            }
        }
        String path = url.getPath();
        if (path != null && path.length() > 1) {
            publisher.command("SELECT", path.substring(1));
        }
        publisher.command("PING");
        publisher.reader.start();
        return publisher;
    }

    /** Queues a PUBLISH; nothing leaves before {@link #flush}. */
    void publish(byte[] channel, byte[] payload, int length) throws IOException {
        out.write(PUBLISH);
        bulk(channel, channel.length);
        bulk(payload, length);
        sent.incrementAndGet();
    }

    void flush() throws IOException {
        out.flush();
    }

    long sent() {
        return sent.get();
    }

    long replies() {
        return replies.get();
    }

    /** PUBLISHes that no subscriber received (no node listening on the channel). */
    long unheard() {
        return unheard.get();
    }

    long errorReplies() {
        return errorReplies.get();
    }

    String lastError() {
        return lastError;
    }

    /** Average subscribers per PUBLISH so far: the number of service nodes listening. */
    double listenersPerPublish() {
        long r = replies.get();
        return r == 0 ? 0 : (double) receivers.get() / r;
    }

    /** Waits until every PUBLISH sent so far is answered (or the timeout passes). */
    boolean awaitReplies(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (replies.get() < sent.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void bulk(byte[] bytes, int length) throws IOException {
        out.write('$');
        out.write(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(bytes, 0, length);
        out.write(CRLF);
    }

    /** A synchronous command, before the reader thread starts. */
    private void command(String... words) throws IOException {
        out.write(('*' + Integer.toString(words.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            bulk(bytes, bytes.length);
        }
        out.flush();
        String line = readLine();
        if (line == null || line.startsWith("-")) {
            throw new IOException("Redis " + words[0] + " failed: " + line);
        }
    }

    /** Replies are integers (subscribers reached) or errors; read without a String per reply. */
    private void readReplies() {
        try {
            int kind;
            while ((kind = in.read()) != -1) {
                if (kind == ':') {
                    long n = readInteger();
                    receivers.addAndGet(n);
                    if (n == 0) {
                        unheard.incrementAndGet();
                    }
                } else {
                    String line = readLine();
                    if (kind == '-') {
                        errorReplies.incrementAndGet();
                        lastError = line;
                    }
                }
                replies.incrementAndGet();
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                lastError = "connection lost: " + e.getMessage();
            }
        }
    }

    private long readInteger() throws IOException {
        long value = 0;
        int b;
        while ((b = in.read()) != '\r') {
            if (b == -1) {
                throw new IOException("connection closed");
            }
            value = value * 10 + (b - '0');
        }
        in.read();
        return value;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(16);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\r') {
                in.read();
                return line.toString();
            }
            line.append((char) b);
        }
        return null;
    }
}
