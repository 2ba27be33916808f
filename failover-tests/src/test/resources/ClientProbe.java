import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoCredentials;

/**
 * A host instance reduced to its use of the client library, run by MultiProcessFailoverTest in a JVM whose classpath
 * is the client module's jar and runtime dependencies only (java -cp client-lib/* ClientProbe.java ...): one command
 * per line on standard input, one answer per line on standard output.
 *
 * <pre>
 * servers             -> servers https://...,https://...
 * lookup              -> lookup <externalUser> <field 1>   (the client's own mapping in the application)
 * write VALUE         -> write ok
 * quit                -> (exits 0)
 * </pre>
 *
 * A failed call answers "error <exception>: <message>".
 */
public class ClientProbe {
    public static void main(String[] args) throws Exception {
        String application = args[1];
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (SsoClient client = SsoClient.open(ClientConfigFile.load(Path.of(args[0])))) {
            System.out.println("ready");
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                try {
                    if (line.equals("servers")) {
                        System.out.println("servers " + String.join(",", client.servers().stream().map(Object::toString).toList()));
                    } else if (line.equals("lookup")) {
                        try (SsoCredentials c = client.getCredentials(application, true)) {
                            System.out.println("lookup " + c.externalUser() + " " + new String(c.field(1)));
                        }
                    } else if (line.startsWith("write ")) {
                        client.setCredentials(application, client.principal(), Map.of(1, line.substring(6).toCharArray()));
                        System.out.println("write ok");
                    } else {
                        System.out.println("error unknown command " + line);
                    }
                } catch (RuntimeException e) {
                    System.out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }
}
