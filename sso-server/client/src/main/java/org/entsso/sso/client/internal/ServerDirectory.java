package org.entsso.sso.client.internal;

import java.io.Closeable;
import java.net.URI;
import java.util.List;

/**
 * Where the SSO servers are: a static list, ZooKeeper discovery, or both. Implementations are thread-safe; {@link
 * #servers()} returns an immutable snapshot and never blocks on the network.
 */
public interface ServerDirectory extends Closeable {
    /** The SSO server endpoints known now, static ones first; possibly empty. */
    List<URI> servers();

    /** Asks for a fresh list soon (after a connection failure); returns at once. */
    void refreshSoon();

    /** Stops refreshing. Idempotent. */
    @Override
    void close();

    /** A directory of a fixed list. */
    static ServerDirectory fixed(List<URI> servers) {
        List<URI> copy = List.copyOf(servers);
        return new ServerDirectory() {
            @Override
            public List<URI> servers() {
                return copy;
            }

            @Override
            public void refreshSoon() {}

            @Override
            public void close() {}

            @Override
            public String toString() {
                return "fixed " + copy;
            }
        };
    }
}
