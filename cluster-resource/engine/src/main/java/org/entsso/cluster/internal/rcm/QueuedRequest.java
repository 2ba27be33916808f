package org.entsso.cluster.internal.rcm;

import java.util.Optional;
import java.util.function.Function;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.Zk;

/**
 * The part every executor of queued administrator requests shares (a group's owner, a node): read the request, drop
 * an answer nobody collected, answer an expired request without running it, claim it (a request the administrator
 * withdrew is not carried out, issue 9 item 8), run it. Recording the answer is the executor's, as each writes it
 * under its own fence. Stateless.
 */
public final class QueuedRequest {
    /** Claims the request at a path if it still has the version read (a compare-and-set, fenced or not). */
    @FunctionalInterface
    public interface Claim {
        boolean claim(String path, int version, byte[] data);
    }

    private QueuedRequest() {}

    /**
     * Carries out the request at {@code requestPath} with {@code handler} (its message on success; an exception is
     * the error answer); returns the answer to record, or empty when there is nothing to record (gone, already
     * answered, withdrawn).
     */
    public static Optional<Records.Request> carryOut(
            Zk zk, String requestPath, Claim claim, Function<Records.Request, String> handler) {
        Optional<Zk.Versioned> raw = zk.read(requestPath).filter(v -> v.data().length > 0);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Records.Request request = Json.read(raw.get().data(), Records.Request.class);
        if (request.done()) {
            // answered, and nobody waited for the answer (e.g. --wait 0): drop it after a while
            zk.deleteIfOlder(requestPath, GroupController.ANSWER_KEPT);
            return Optional.empty();
        }
        if (request.expired(System.currentTimeMillis())) {
            return Optional.of(request.expiredAnswer());
        }
        if (!claim.claim(requestPath, raw.get().version(), raw.get().data())) {
            return Optional.empty(); // withdrawn by the administrator who gave up waiting
        }
        try {
            return Optional.of(request.withResult("ok", handler.apply(request)));
        } catch (RuntimeException e) {
            return Optional.of(request.withResult("error", ResourceMonitor.messageOf(e)));
        }
    }
}
