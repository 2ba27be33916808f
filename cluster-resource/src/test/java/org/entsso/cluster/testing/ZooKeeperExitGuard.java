package org.entsso.cluster.testing;

import org.apache.zookeeper.util.ServiceUtils;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps an embedded ZooKeeper quorum peer from ending the test JVM. On a fatal error (most often
 * {@code UNABLE_TO_BIND_QUORUM_PORT}, exit code 14, when a peer re-binds its election port during a re-election and
 * another socket of this busy JVM has meanwhile taken that port) ZooKeeper calls {@code System.exit}, which surefire
 * reports as a crashed fork, not as a failed test. With this guard the peer logs the error and stops; the ensemble
 * tolerates one peer down, and a test that needed it fails with its own assertion.
 *
 * <p>Registered for every test class by JUnit's extension auto-detection: META-INF/services and
 * junit-platform.properties in this module's test resources, which travel in the test-jar to the modules that depend
 * on it. A JVM-wide setting, fine in a test JVM only.
 */
public final class ZooKeeperExitGuard implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        ServiceUtils.setSystemExitProcedure(ServiceUtils.LOG_ONLY);
    }
}
