package org.entsso.cluster.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps an embedded ZooKeeper quorum peer from ending the test JVM. On a fatal error (most often
 * {@code UNABLE_TO_BIND_QUORUM_PORT}, exit code 14, when a peer re-binds its election port during a re-election and
 * another socket of this busy JVM has meanwhile taken that port) ZooKeeper calls {@code System.exit}, which surefire
 * reports as a crashed fork, not as a failed test. With this guard the peer logs the error and stops; the ensemble
 * tolerates one peer down, and a test that needed it fails with its own assertion.
 *
 * <p>The setting is JVM-wide and ZooKeeper's own {@code ZooKeeperServerEmbedded} (which curator-test's
 * {@code TestingServer} and {@code TestingCluster} build for every server they start) sets it back to
 * {@code System.exit} in its constructor; so it is applied again just before each test runs, after the
 * {@code @BeforeAll}/{@code @BeforeEach} methods that start servers, and {@link EmbeddedEnsemble} applies it after
 * every start and restart (issue 9 item 1: a peer failing under load ended the fork with exit code 2).
 *
 * <p>Registered for every test class by JUnit's extension auto-detection: META-INF/services and
 * junit-platform.properties in this module's resources, which travel in the cluster-testing jar to every test class
 * path that has it (the simulator and the command line have it too, but no JUnit runs there). A JVM-wide setting, fine
 * in a test JVM only.
 */
public final class ZooKeeperExitGuard implements BeforeAllCallback, BeforeTestExecutionCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        EmbeddedEnsemble.keepJvmOnPeerFailure();
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        EmbeddedEnsemble.keepJvmOnPeerFailure();
    }
}
