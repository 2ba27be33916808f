package org.entsso.sso.admin;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entsso.sso.client.SsoClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ssoclient}: ENTSSO's end-user command line. The user acts on their own mappings only: the account is always
 * the one the certificate of the {@code client.properties} names. Same conventions as {@link SsoManageCommand}.
 */
@Command(
        name = "ssoclient",
        separator = " ",
        sortOptions = false,
        usageHelpWidth = 118,
        description = {
            "Shows your applications and manages your own mappings and credentials, as ENTSSO's ssoclient does. You"
                    + " are the account your certificate names.",
            "Verb names are case-insensitive."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:refused by the SSO server ([11042] not yours, [10757] no such mapping, ...) or no SSO server answered",
            "2:usage or a local file; nothing was sent"
        },
        footerHeading = "%nExamples:%n",
        footer = {"  ssoclient -listmappings", "  ssoclient -setcredentials SAP", "  ssoclient -disablemapping SAP"})
public final class SsoClientCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Verbs (exactly one):%n")
    Verb verb;

    static final class Verb {
        @Option(
                names = "-server",
                paramLabel = "<server>",
                description = "Talk to this SSO server (host:port) from now on.")
        String server;

        @Option(names = "-showserver", description = "Shows which SSO server you talk to.")
        boolean showServer;

        @Option(names = "-listapps", description = "Lists the applications you use.")
        boolean listApps;

        @Option(names = "-displayapp", paramLabel = "<app>", description = "Shows an application.")
        String displayApp;

        @Option(names = "-listmappings", description = "Lists your mappings, (E) enabled, (D) disabled.")
        boolean listMappings;

        @Option(
                names = "-setcredentials",
                paramLabel = "<app>",
                description =
                        "Asks for your credentials in the"
                                + " application without echo (and your external user id if you have no mapping); enables the mapping.")
        String setCredentials;

        @Option(names = "-enablemapping", paramLabel = "<app>", description = "Enables your mapping.")
        String enableMapping;

        @Option(names = "-disablemapping", paramLabel = "<app>", description = "Disables your mapping.")
        String disableMapping;

        @Option(names = "-deletemapping", paramLabel = "<app>", description = "Deletes your (disabled) mapping.")
        String deleteMapping;
    }

    @Mixin
    SharedOptions options;

    private final Environment environment;
    private final PrintWriter out;

    private SsoClientCommand(Environment environment, PrintWriter out) {
        this.environment = environment;
        this.out = out;
    }

    /** Entry point of {@code ops/bin/ssoclient}. */
    public static void main(String... args) {
        CommandLines.quietLibraryLogging();
        System.exit(
                run(Environment.system(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    static int run(Environment environment, PrintWriter out, PrintWriter err, String... args) {
        return CommandLines.execute(
                "ssoclient", new SsoClientCommand(environment, out), out, err, SsoManageCommand.Help.strip(args));
    }

    @Override
    public Integer call() {
        Output output = options.output(out);
        output.noXml("ssoclient");
        ServerChoice servers = new ServerChoice(environment);
        if (verb.server != null) {
            servers.setForUser(verb.server, out);
            return 0;
        }
        if (verb.showServer) {
            servers.show(out, Connection.config(options.config, environment).servers());
            return 0;
        }
        try (SsoClient client = Connection.open(options.config, environment)) {
            AdminApi api = new AdminApi(client);
            String me = client.principal();
            ApplicationVerbs apps = new ApplicationVerbs(api, output);
            MappingVerbs mappings = new MappingVerbs(api, output);
            if (verb.listApps) {
                apps.list(false);
            } else if (verb.displayApp != null) {
                apps.display(verb.displayApp);
            } else if (verb.listMappings) {
                mappings.list(Optional.of(me), Optional.empty());
            } else if (verb.setCredentials != null) {
                mappings.setCredentials(me, verb.setCredentials, options.credentials(environment));
            } else if (verb.enableMapping != null || verb.disableMapping != null) {
                mappings.setEnabled(
                        me,
                        verb.enableMapping != null ? verb.enableMapping : verb.disableMapping,
                        verb.enableMapping != null);
            } else if (verb.deleteMapping != null) {
                mappings.delete(me, verb.deleteMapping);
            }
        }
        return 0;
    }
}
