package org.entsso.failover.bench.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The harness's {@code key=value} arguments, with their defaults (the figures of issue 10).
 *
 * @param dir the local cluster's folder (a new temporary one by default; left for inspection)
 * @param basePort the first port of the cluster's block (LocalCluster's layout)
 * @param connections attacking connections kept open, spread over the API port and the MSS port
 * @param attackSeconds how long the attack lasts
 * @param rampMillis over how long the attackers' first connections are spread
 * @param lookupRate the well-behaved client's lookups per second (open loop)
 * @param lookupClients its kept-alive connections, one sending thread each
 * @param writeRate encrypting writes per second through the client library
 * @param baselineSeconds how long the same load runs before the attack, for comparison
 * @param restartAfterSeconds when, after the attack starts, a standby SSO server is killed and started again; negative:
 *     no restart
 * @param apiOnOwner attack (and look up on) the owner's API port instead of a standby's
 * @param jstack write a thread dump of the attacked nodes in the middle of the attack
 * @param kinds the kinds of attacking connection, spread evenly over the slots (all four by default)
 * @param attackerNice the niceness the attacker process runs at (0: the harness's own); 19 by default, so that the
 *     attack takes only the CPU the servers leave, as an attacker on another machine would
 * @param attackerSource the local address the attacking connections come from (empty: the system's choice, the
 *     well-behaved client's 127.0.0.1); another loopback address such as 127.0.0.2 makes the attacker a source of its
 *     own, as an attacker on another machine is
 * @param handshakeRate the nodes' {@code tls.handshakesPerSecondPerSource/tls.handshakeBurstPerSource}, e.g.
 *     {@code 5/20} (empty: the nodes' defaults)
 */
record AttackOptions(
        Path dir,
        int basePort,
        int connections,
        int attackSeconds,
        long rampMillis,
        int lookupRate,
        int lookupClients,
        int writeRate,
        int baselineSeconds,
        int restartAfterSeconds,
        boolean apiOnOwner,
        boolean jstack,
        List<AttackKind> kinds,
        int attackerNice,
        String attackerSource,
        String handshakeRate) {

    static AttackOptions parse(String[] args) {
        String dir = arg(args, "dir", null);
        return new AttackOptions(
                dir == null ? temporaryDir() : Path.of(dir),
                Integer.parseInt(arg(args, "basePort", "18600")),
                Integer.parseInt(arg(args, "connections", "500")),
                Integer.parseInt(arg(args, "seconds", "60")),
                Long.parseLong(arg(args, "rampMillis", "5000")),
                Integer.parseInt(arg(args, "lookupRate", "200")),
                Integer.parseInt(arg(args, "lookupClients", "8")),
                Integer.parseInt(arg(args, "writeRate", "5")),
                Integer.parseInt(arg(args, "baselineSeconds", "10")),
                Integer.parseInt(arg(args, "restartAfter", "5")),
                Boolean.parseBoolean(arg(args, "apiOnOwner", "false")),
                Boolean.parseBoolean(arg(args, "jstack", "false")),
                Arrays.stream(arg(args, "kinds", "hello-silent,hello-trickle,headers-trickle,body-stall")
                                .split(","))
                        .map(String::trim)
                        .map(AttackKind::byLabel)
                        .toList(),
                Integer.parseInt(arg(args, "attackerNice", "19")),
                arg(args, "attackerSource", ""),
                handshakeRate(arg(args, "handshakeRate", "")));
    }

    /** {@code perSecond/burst} as given, after checking its shape; empty stays empty. */
    private static String handshakeRate(String value) {
        if (!value.isEmpty() && !value.matches("\\d+/\\d+")) {
            throw new IllegalArgumentException("handshakeRate is perSecond/burst, such as 5/20, not " + value);
        }
        return value;
    }

    private static Path temporaryDir() {
        try {
            return Files.createTempDirectory("entsso-attack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    @Override
    public String toString() {
        return "dir=" + dir + " basePort=" + basePort + " connections=" + connections + " seconds=" + attackSeconds
                + " rampMillis=" + rampMillis + " lookupRate=" + lookupRate + " lookupClients=" + lookupClients
                + " writeRate=" + writeRate + " baselineSeconds=" + baselineSeconds + " restartAfter="
                + restartAfterSeconds + " apiOnOwner=" + apiOnOwner + " jstack=" + jstack + " kinds="
                + kinds.stream().map(AttackKind::label).collect(Collectors.joining(",")) + " attackerNice="
                + attackerNice + " attackerSource=" + (attackerSource.isEmpty() ? "(any)" : attackerSource)
                + " handshakeRate=" + (handshakeRate.isEmpty() ? "(node default)" : handshakeRate);
    }
}
