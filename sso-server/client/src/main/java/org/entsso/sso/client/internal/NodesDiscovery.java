package org.entsso.sso.client.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Discovery without ZooKeeper: asks the servers known now for {@code GET /v1/sys/nodes} (the SSO servers the cluster
 * has Up, with their API endpoints) and returns the first list one of them answers. The server that answered last is
 * asked first, so a seed that is gone (or frozen, costing a timeout) is not waited on every round. Nothing answering is
 * an {@link IllegalStateException} naming each server's failure; {@link PollingDirectory} then keeps its last list.
 *
 * <p>Thread-safe.
 */
public final class NodesDiscovery implements Function<List<URI>, List<URI>> {
    /** The path every SSO server answers with the cluster's Up SSO servers. */
    public static final String PATH = "/v1/sys/nodes";

    private final HttpTransport transport;
    private final Duration timeout;
    private volatile URI lastAnswered;

    /** Discovery over {@code transport}, waiting at most {@code timeout} for each server. */
    public NodesDiscovery(HttpTransport transport, Duration timeout) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public List<URI> apply(List<URI> known) {
        List<String> failures = new ArrayList<>();
        List<URI> order = new ArrayList<>(known);
        URI last = lastAnswered;
        if (last != null && order.remove(last)) {
            order.add(0, last);
        }
        for (URI server : order) {
            try {
                Answer answer = transport.send(server, ApiCall.get(PATH), Optional.empty(), timeout);
                if (answer.ok()) {
                    List<URI> nodes = Wire.readNodes(answer.body());
                    lastAnswered = server;
                    return nodes;
                }
                failures.add(server + " answered HTTP " + answer.status());
            } catch (IOException e) {
                failures.add(Failures.describe(server, e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the server list", e);
            }
        }
        throw new IllegalStateException("no SSO server answered " + PATH + " (" + String.join("; ", failures) + ")");
    }
}
