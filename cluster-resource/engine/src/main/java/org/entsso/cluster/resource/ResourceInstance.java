package org.entsso.cluster.resource;

/**
 * One resource on the node that owns its group: the entry points of a WSFC resource DLL (anchors/wsfc.md §1.3).
 *
 * <p>The engine calls {@link #online}, {@link #offline}, {@link #looksAlive} and {@link #isAlive} on the resource's
 * own monitor thread, one at a time. {@link #terminate} may be called from another thread while Online or Offline is
 * still running (WSFC: "Terminate ... cancels any Online/Offline in progress"), so it must be safe to call
 * concurrently and must not block for long. Any exception thrown from a call counts as a failure of the resource;
 * messages are logged, so they must not contain secrets.
 */
public interface ResourceInstance {
    /**
     * Makes the resource available. May block; long operations call {@link ResourceContext#reportPending} at least
     * once every PendingTimeout or they are terminated. Returning normally means Online.
     */
    void online();

    /** Graceful shutdown that saves state. Returning normally means Offline. */
    void offline();

    /** Immediate stop without cleanup; idempotent; safe to call concurrently with {@link #online}/{@link #offline}. */
    void terminate();

    /** Quick check (WSFC budget: 300 ms). {@code false} makes the monitor run {@link #isAlive()} at once. */
    boolean looksAlive();

    /** Thorough check. {@code false} marks the resource Failed and terminates it. */
    boolean isAlive();

    /** Releases everything the instance holds (WSFC "Close"). Called once, after Offline or Terminate. */
    default void close() {}
}
