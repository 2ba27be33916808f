package org.entsso.failover.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every write the acknowledged-write check made, each of a uniquely numbered value to an account of its own, and its
 * outcome as the writer saw it; afterwards {@link #verify(StoredValues)} reads each account back and judges the
 * history. Because every account is written once, a value that is there was written by that write and nothing else,
 * and a value that is missing was lost: no later write can hide either. Thread-safe.
 */
final class WriteHistory {
    /** How a write ended for the writer. */
    enum Outcome {
        /** 204: the write must be there. */
        ACKNOWLEDGED,
        /** Refused with 15004 (the server was no longer the master secret server): the write must not be there. */
        FENCED,
        /**
         * Refused before anything was applied: the connection was refused, or the server answered 10590 (going
         * offline: a draining endpoint answers it without handling the request). The write must not be there.
         */
        REFUSED,
        /** A timeout, a reset, or another error after the request may have reached a server: either is allowed. */
        INDETERMINATE,
        /** The account's mapping could not be created, so no write was sent: not judged. */
        NOT_SENT
    }

    /** Which path a write took. */
    enum Via {
        /** {@code SsoClient.setCredentials}: discovery, hedging, retries with one request id within the deadline. */
        CLIENT_LIBRARY,
        /** One {@code PUT .../credentials} to one SSO server, with a request id of its own and no retry. */
        SINGLE_ATTEMPT
    }

    /** One write. {@code detail} is the error's code and text (never a value), empty when acknowledged. */
    record Write(long number, String account, String value, Via via, Outcome outcome, String detail) {}

    /** What an account holds when read back with the cache bypassed. */
    @FunctionalInterface
    interface StoredValues {
        /**
         * The value of field 1 of {@code account}, or empty when the account has no credentials.
         *
         * @throws RuntimeException when the account could not be read (the verdict counts it as unverified)
         */
        Optional<String> read(String account);
    }

    /**
     * The verdict. {@code lost}: acknowledged writes missing or holding another value; {@code refusedPresent}: writes
     * refused as fenced or refused before anything was applied whose value is there; {@code unverified}: accounts that could not be read back.
     */
    record Verdict(
            long acknowledged,
            long fenced,
            long refused,
            long indeterminateApplied,
            long indeterminateNotApplied,
            long notSent,
            List<String> lost,
            List<String> refusedPresent,
            List<String> unverified) {
        /** Whether the history is valid: nothing lost, nothing fenced applied, everything read back. */
        boolean valid() {
            return lost.isEmpty() && refusedPresent.isEmpty() && unverified.isEmpty();
        }
    }

    private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();

    void record(Write write) {
        writes.add(write);
    }

    /** The writes so far, by number. */
    List<Write> writes() {
        List<Write> sorted = new ArrayList<>(writes);
        sorted.sort(Comparator.comparingLong(Write::number));
        return sorted;
    }

    long count(Outcome outcome) {
        return writes.stream().filter(w -> w.outcome() == outcome).count();
    }

    long count(Via via, Outcome outcome) {
        return writes.stream()
                .filter(w -> w.via() == via && w.outcome() == outcome)
                .count();
    }

    /** Reads every written account back through {@code stored} and judges the history. */
    Verdict verify(StoredValues stored) {
        long acknowledged = 0;
        long fenced = 0;
        long refused = 0;
        long applied = 0;
        long notApplied = 0;
        long notSent = 0;
        List<String> lost = new ArrayList<>();
        List<String> refusedPresent = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        for (Write w : writes()) {
            if (w.outcome() == Outcome.NOT_SENT) {
                notSent++;
                continue;
            }
            Optional<String> value;
            try {
                value = stored.read(w.account());
            } catch (RuntimeException e) {
                unverified.add(describe(w) + ": could not be read back: " + e.getMessage());
                continue;
            }
            boolean present = value.isPresent() && value.get().equals(w.value());
            switch (w.outcome()) {
                case ACKNOWLEDGED -> {
                    acknowledged++;
                    if (!present) {
                        lost.add(describe(w) + ": acknowledged, but the account holds "
                                + value.map(v -> "another value").orElse("no credentials"));
                    }
                }
                case FENCED -> {
                    fenced++;
                    if (present) {
                        refusedPresent.add(describe(w) + ": refused as fenced (" + w.detail() + "), but it is there");
                    }
                }
                case REFUSED -> {
                    refused++;
                    if (present) {
                        refusedPresent.add(describe(w) + ": refused (" + w.detail() + "), but it is there");
                    }
                }
                case INDETERMINATE -> {
                    if (present) {
                        applied++;
                    } else if (value.isPresent()) {
                        lost.add(describe(w) + ": the account holds a value no write of this check sent");
                    } else {
                        notApplied++;
                    }
                }
                case NOT_SENT -> throw new IllegalStateException("unreachable");
            }
        }
        return new Verdict(
                acknowledged, fenced, refused, applied, notApplied, notSent, lost, refusedPresent, unverified);
    }

    /** Writes the history as tab-separated lines (number, via, outcome, account, detail), no values. */
    void save(Path file) {
        StringBuilder text = new StringBuilder("number\tvia\toutcome\taccount\tdetail\n");
        for (Write w : writes()) {
            text.append(w.number())
                    .append('\t')
                    .append(w.via())
                    .append('\t')
                    .append(w.outcome())
                    .append('\t')
                    .append(w.account())
                    .append('\t')
                    .append(w.detail().replace('\t', ' ').replace('\n', ' '))
                    .append('\n');
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static String describe(Write w) {
        return "write " + w.number() + " (" + w.via() + ") to " + w.account();
    }
}
