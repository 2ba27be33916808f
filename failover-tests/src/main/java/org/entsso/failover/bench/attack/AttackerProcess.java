package org.entsso.failover.bench.attack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.entsso.sso.crypto.PasswordFiles;

/**
 * The attackers in a process of their own, so that their threads and their side of the TLS handshakes neither share a
 * JVM with the well-behaved client that measures nor (run under {@code nice}) take the servers' CPU as an attacker on
 * another machine could not. {@link RemoteAttackers} starts it; it starts attacking at once and answers on its
 * standard input and output, one line each: {@code window} -> {@code window <open> <opened> <dropped>};
 * {@code stop} (or end of input) -> one {@code tally <encoded>} line per port and kind, then {@code end}, and exits.
 *
 * <p>Arguments: {@code connections=N rampMillis=N kinds=a,b target=name,host,port,path ... p12=FILE pwd=FILE ca=FILE}.
 */
public final class AttackerProcess {
    static final String STARTED = "started";
    static final String WINDOW = "window";
    static final String STOP = "stop";
    static final String TALLY = "tally ";
    static final String END = "end";

    private AttackerProcess() {}

    public static void main(String[] args) throws IOException {
        List<Attackers.Target> targets = new ArrayList<>();
        int connections = 0;
        long ramp = 0;
        List<AttackKind> kinds = List.of();
        Path p12 = null;
        Path pwd = null;
        Path ca = null;
        InetAddress source = null;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "connections" -> connections = Integer.parseInt(value);
                case "rampMillis" -> ramp = Long.parseLong(value);
                case "kinds" ->
                    kinds = Arrays.stream(value.split(","))
                            .map(AttackKind::byLabel)
                            .toList();
                case "target" -> {
                    String[] t = value.split(",", 4);
                    targets.add(new Attackers.Target(t[0], t[1], Integer.parseInt(t[2]), t[3]));
                }
                case "p12" -> p12 = Path.of(value);
                case "pwd" -> pwd = Path.of(value);
                case "ca" -> ca = Path.of(value);
                case "source" -> source = InetAddress.getByName(value);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        char[] password = PasswordFiles.read(pwd, "attacker password file");
        AttackerTls tls = AttackerTls.load(p12, password, ca);
        Arrays.fill(password, '\0');
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Attackers attackers = new Attackers(targets, kinds, tls, source)) {
            attackers.start(connections, ramp);
            out.println(STARTED);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals(STOP); line = in.readLine()) {
                if (line.equals(WINDOW)) {
                    out.println(WINDOW + " " + attackers.open() + " " + attackers.openedSinceLast() + " "
                            + attackers.droppedSinceLast());
                }
            }
            attackers.close();
            for (AttackTally t : attackers.tallies()) {
                out.println(TALLY + t.encode());
            }
            out.println(END);
        }
        System.exit(0); // the slots are daemon threads, but do not wait for a slow one
    }
}
