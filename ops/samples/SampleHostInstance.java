import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.ConfigStoreCache;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoClientException;
import org.entsso.sso.client.SsoCredentials;

/**
 * A BizTalk-style host instance reduced to its use of ENTSSO (ops/README.md, "A sample host instance"). It runs with
 * the client library's jars only and the host's own certificate (an administrator of the affiliate application):
 *
 * <pre>
 * java -cp 'client/lib/*' samples/SampleHostInstance.java HOST_CLIENT_PROPERTIES ADAPTER RECEIVE_LOCATION
 * </pre>
 *
 * Its adapter configuration is the config-store item RECEIVE_LOCATION of the Config Store application ADAPTER
 * (properties {@code AffiliateApplication} and {@code Endpoint}), read through {@link ConfigStoreCache} (read again
 * every 10 s, served from memory for up to 10 minutes while no SSO server answers). Each message carries its sender
 * and a ticket the sender issued; the host redeems the ticket for the sender's credentials in the affiliate
 * application (ValidateAndRedeemTicket: the ticket must be the sender's), "delivers" the message to the endpoint
 * with them, and forgets them. The client library moves reads to another SSO server at once when one dies, so
 * messages keep flowing through a failover.
 *
 * <p>Messages come one per line on standard input, answers one per line on standard output:
 *
 * <pre>
 * message SENDER TICKET PAYLOAD  -> delivered PAYLOAD for SENDER as EXTERNAL_USER to ENDPOINT
 *                                   | refused PAYLOAD CODE MESSAGE
 * config                         -> config {AffiliateApplication=..., Endpoint=...}
 * quit
 * </pre>
 */
public class SampleHostInstance {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SampleHostInstance HOST_CLIENT_PROPERTIES ADAPTER RECEIVE_LOCATION");
            System.exit(2);
        }
        String adapter = args[1];
        String receiveLocation = args[2];
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (SsoClient sso = SsoClient.open(ClientConfigFile.load(Path.of(args[0])))) {
            ConfigStoreCache settings = new ConfigStoreCache(sso, Duration.ofSeconds(10), Duration.ofMinutes(10));
            Map<String, String> first = settings.get(adapter, receiveLocation);
            System.out.println("ready " + first.get("Endpoint"));
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                if (line.equals("config")) {
                    System.out.println("config " + new java.util.TreeMap<>(settings.get(adapter, receiveLocation)));
                    continue;
                }
                String[] message = line.split(" ", 4);
                if (message.length != 4 || !message[0].equals("message")) {
                    System.out.println("error unknown command");
                    continue;
                }
                String sender = message[1];
                String ticket = message[2];
                String payload = message[3];
                try {
                    Map<String, String> config = settings.get(adapter, receiveLocation);
                    String application = config.get("AffiliateApplication");
                    try (SsoCredentials credentials = sso.validateAndRedeemTicket(application, ticket, sender)) {
                        // A real adapter would open its connection to the endpoint with credentials.field(1) here.
                        System.out.println("delivered " + payload + " for " + sender + " as "
                                + credentials.externalUser() + " to " + config.get("Endpoint"));
                    }
                } catch (SsoClientException e) {
                    System.out.println("refused " + payload + " " + e.code() + " " + e.getMessage());
                }
            }
        }
    }
}
