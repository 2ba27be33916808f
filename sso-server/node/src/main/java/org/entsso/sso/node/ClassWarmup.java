package org.entsso.sso.node;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A possible owner loads, links and initializes every class of the cluster engine and of the SSO server's code ahead of
 * any takeover (issue 14). A node's first takeover otherwise defined hundreds of classes on the failover's path (the
 * term, the resource monitors, the Master Secret Service's online steps, the write endpoint), 1-30 ms each on two
 * loaded cores, and a planned move to a node restarted a minute earlier paused writes for 600-1,300 ms against 300-450
 * ms to a node that had owned the group before. Code that runs once per takeover is never compiled, so a node that
 * has owned the group before is faster mostly because its classes are loaded; this makes every standby such a node.
 *
 * <p>Runs once: on a daemon thread of its own at the lowest priority, a few seconds after the node starts, or at once on
 * the thread of a planned move's preparation when this node is the target before then ({@link #runNow}; a node
 * restarted seconds before a move was the move's target before its warm-up had begun, and the move paused writes
 * 470-710 ms). A class that cannot be initialized here (none is expected) is skipped and counted. Static initializers
 * of these classes only build constants and loggers. Thread-safe.
 */
final class ClassWarmup {
    private static final Logger LOG = LogManager.getLogger(ClassWarmup.class);

    /** After the node's own start-up, which loads what it needs first. */
    static final long DELAY_MILLIS = 5_000;

    private final String nodeName;
    private final Class<?>[] anchors;
    private boolean done;

    private ClassWarmup(String nodeName, Class<?>... anchors) {
        this.nodeName = nodeName;
        this.anchors = anchors.clone();
    }

    /**
     * Starts loading, in the background after {@link #DELAY_MILLIS}, every class in the jars (or class folders) that
     * {@code anchors} come from.
     */
    static ClassWarmup start(String nodeName, Class<?>... anchors) {
        ClassWarmup warmup = new ClassWarmup(nodeName, anchors);
        Thread t = new Thread(warmup::runLater, "class-warmup-" + nodeName);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return warmup;
    }

    private void runLater() {
        try {
            TimeUnit.MILLISECONDS.sleep(DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        runNow();
    }

    /**
     * Loads the classes now, on the caller's thread, unless that is done; while the background thread loads them,
     * waits for it. Returns once every class has been loaded (or skipped).
     */
    synchronized void runNow() {
        if (done) {
            return;
        }
        long start = System.nanoTime();
        int loaded = 0;
        int skipped = 0;
        for (Class<?> anchor : anchors) {
            ClassLoader loader = anchor.getClassLoader();
            for (String name : classNames(anchor)) {
                try {
                    Class.forName(name, true, loader);
                    loaded++;
                } catch (ReflectiveOperationException | LinkageError e) {
                    skipped++;
                    LOG.debug("class {} not loaded ahead of time: {}", name, e.toString());
                }
            }
        }
        done = true;
        LOG.info(
                "Node {} loaded {} classes of the cluster engine and the SSO server ahead of any takeover in {} ms ({}"
                        + " skipped, on thread {})",
                nodeName,
                loaded,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                skipped,
                Thread.currentThread().getName());
    }

    /** The classes of the jar or class folder {@code anchor} was loaded from; empty when it cannot be told. */
    static List<String> classNames(Class<?> anchor) {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try {
            Path where = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(where)) {
                try (Stream<Path> files = Files.walk(where)) {
                    files.map(p -> where.relativize(p).toString().replace('\\', '/'))
                            .map(ClassWarmup::className)
                            .filter(n -> !n.isEmpty())
                            .forEach(names::add);
                }
            } else {
                try (JarFile jar = new JarFile(where.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String n = className(e.nextElement().getName());
                        if (!n.isEmpty()) {
                            names.add(n);
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            LOG.debug("classes of {} not listed: {}", anchor.getName(), e.toString());
        }
        return names;
    }

    /** {@code a/b/C$D.class} as {@code a.b.C$D}; empty for anything that is not a class to load. */
    private static String className(String entry) {
        if (!entry.endsWith(".class") || entry.endsWith("module-info.class") || entry.endsWith("package-info.class")) {
            return "";
        }
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }
}
