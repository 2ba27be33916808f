package org.entsso.failover.bench.attack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ObjLongConsumer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What happened to the connections of one attack kind on one port: how many were opened, how the server ended them
 * (closed without an answer, or answered with a status), how long each was held, the attacker's TLS handshake times,
 * and the connections that could not be opened, by error. Thread-safe.
 */
final class AttackTally {
    private final AttackKind kind;
    private final String target;
    private final LongAdder opened = new LongAdder();
    private final Map<Integer, LongAdder> endings = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> openFailures = new ConcurrentHashMap<>();
    private final Recorder held = new Recorder(3);
    private final Recorder handshakes = new Recorder(3);
    private final Histogram heldTotal = new Histogram(3);
    private final Histogram handshakesTotal = new Histogram(3);

    AttackTally(AttackKind kind, String target) {
        this.kind = kind;
        this.target = target;
    }

    AttackKind kind() {
        return kind;
    }

    String target() {
        return target;
    }

    void opened() {
        opened.increment();
    }

    void handshake(long nanos) {
        handshakes.recordValue(Math.max(1, nanos / 1000));
    }

    /** The server ended a connection after {@code nanos}: {@code status} 0 when it closed it without an answer. */
    void endedByServer(int status, long nanos) {
        endings.computeIfAbsent(status, s -> new LongAdder()).increment();
        held.recordValue(Math.max(1, nanos / 1_000_000));
    }

    void openFailed(IOException e) {
        String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        openFailures
                .computeIfAbsent(why.length() > 80 ? why.substring(0, 80) : why, w -> new LongAdder())
                .increment();
    }

    long openedCount() {
        return opened.sum();
    }

    /** How the server ended connections: status (0 = closed without an answer) -> count. */
    Map<Integer, Long> endings() {
        Map<Integer, Long> copy = new TreeMap<>();
        endings.forEach((s, n) -> copy.put(s, n.sum()));
        return copy;
    }

    long endedCount() {
        return endings.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> openFailures() {
        Map<String, Long> copy = new TreeMap<>();
        openFailures.forEach((w, n) -> copy.put(w, n.sum()));
        return copy;
    }

    /** Milliseconds from connect to the server ending the connection, over the whole attack. */
    synchronized Histogram held() {
        heldTotal.add(held.getIntervalHistogram());
        return heldTotal.copy();
    }

    /** Microseconds of the attacker's TLS handshakes (the TLS kinds), over the whole attack. */
    synchronized Histogram handshakes() {
        handshakesTotal.add(handshakes.getIntervalHistogram());
        return handshakesTotal.copy();
    }

    /**
     * Everything the report reads, as one line of tab-separated fields, for {@link #decode}: how the attacker process
     * hands its tallies to the harness.
     */
    String encode() {
        StringBuilder endingsText = new StringBuilder();
        endings()
                .forEach((status, n) ->
                        endingsText.append(status).append('=').append(n).append(','));
        StringBuilder failuresText = new StringBuilder();
        openFailures()
                .forEach((why, n) -> failuresText
                        .append(Base64.getUrlEncoder().encodeToString(why.getBytes(StandardCharsets.UTF_8)))
                        .append('=')
                        .append(n)
                        .append(','));
        return String.join(
                "\t",
                target,
                kind.label(),
                Long.toString(openedCount()),
                endingsText.isEmpty() ? "-" : endingsText.toString(),
                failuresText.isEmpty() ? "-" : failuresText.toString(),
                encode(held()),
                encode(handshakes()));
    }

    /** The tally {@link #encode} wrote. */
    static AttackTally decode(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException("not an encoded tally: " + line);
        }
        AttackTally t = new AttackTally(AttackKind.byLabel(f[1]), f[0]);
        t.opened.add(Long.parseLong(f[2]));
        pairs(
                f[3],
                (status, n) -> t.endings
                        .computeIfAbsent(Integer.parseInt(status), s -> new LongAdder())
                        .add(n));
        pairs(
                f[4],
                (why, n) -> t.openFailures
                        .computeIfAbsent(
                                new String(Base64.getUrlDecoder().decode(why), StandardCharsets.UTF_8),
                                w -> new LongAdder())
                        .add(n));
        t.heldTotal.add(decodeHistogram(f[5]));
        t.handshakesTotal.add(decodeHistogram(f[6]));
        return t;
    }

    private static void pairs(String text, ObjLongConsumer<String> each) {
        if (text.equals("-")) {
            return;
        }
        for (String pair : text.split(",")) {
            if (!pair.isEmpty()) {
                int eq = pair.lastIndexOf('=');
                each.accept(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
        }
    }

    private static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    private static Histogram decodeHistogram(String text) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram", e);
        }
    }
}
