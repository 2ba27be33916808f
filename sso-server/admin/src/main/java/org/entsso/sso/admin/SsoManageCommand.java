package org.entsso.sso.admin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entsso.sso.client.SsoClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ssomanage}: ENTSSO's administration command line (anchors/entsso.md section 2) over the HTTPS API, as the SSO,
 * affiliate or application administrator whose certificate a {@code client.properties} names. Verbs are
 * case-insensitive single-dash options, exactly one per run. Errors are one line {@code ssomanage: [code] sentence};
 * exit 0 done, 1 refused, 2 usage (nothing sent).
 */
@Command(
        name = "ssomanage",
        separator = " ",
        sortOptions = false,
        usageHelpWidth = 118,
        description = {
            "Manages applications, mappings, credentials and the SSO system's settings on the SSO servers, as ENTSSO's"
                    + " ssomanage does. XML files as ENTSSO's (sso-server/admin/docs/xml.md, schema sso.xsd) are applied"
                    + " all or nothing.",
            "Verb names are case-insensitive: -createapps, -CreateApps and -CREATEAPPS are the same."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:refused by the SSO server ([11042] not allowed, [10838]/[10757] no such application or mapping, ...)"
                    + " or no SSO server answered ([10783]/[10532])",
            "2:usage, a local file or its XML (line:column: what is wrong); nothing was sent"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ssomanage -createapps apps.xml",
            "  ssomanage -displayapp SAP --output xml > sap.xml && ssomanage -updateapps sap.xml",
            "  ssomanage -listmappings CONTOSO\\alice",
            "  ssomanage -setcredentials CONTOSO\\alice SAP",
            "  ssomanage -tickets yes yes"
        })
public final class SsoManageCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Verbs (exactly one):%n")
    Verb verb;

    static final class Verb {
        @Option(
                names = "-server",
                paramLabel = "<server>",
                description = "Talk to this SSO server (host:port) from now on, for the current user.")
        String server;

        @Option(
                names = "-serverall",
                paramLabel = "<server>",
                description = "The same for every user of this computer (a local administrator's task).")
        String serverAll;

        @Option(names = "-showserver", description = "Shows which SSO server the current user talks to.")
        boolean showServer;

        @Option(
                names = {"-displaydb", "-showdb"},
                description = "Shows the SSO system's settings (global info).")
        boolean displayDb;

        @Option(
                names = "-updatedb",
                paramLabel = "<xml>",
                description = "Changes the settings a <globalInfo> file names.")
        Path updateDb;

        @Option(names = "-enablesso", description = "Enables SSO on every SSO server.")
        boolean enableSso;

        @Option(names = "-disablesso", description = "Disables SSO: every lookup is refused (10754).")
        boolean disableSso;

        @Option(names = "-enable", paramLabel = "hisso", description = "Enables host-initiated SSO.")
        String enable;

        @Option(names = "-disable", paramLabel = "hisso", description = "Disables host-initiated SSO.")
        String disable;

        @Option(names = "-createapps", paramLabel = "<xml>", description = "Creates the applications of a file.")
        Path createApps;

        @Option(
                names = "-updateapps",
                paramLabel = "<xml>",
                description = "Updates the applications of a file (what it names).")
        Path updateApps;

        @Option(names = "-deleteapp", paramLabel = "<app>", description = "Deletes an application with its mappings.")
        String deleteApp;

        @Option(names = "-enableapp", paramLabel = "<app>", description = "Enables an application.")
        String enableApp;

        @Option(names = "-disableapp", paramLabel = "<app>", description = "Disables an application.")
        String disableApp;

        @Option(
                names = "-listapps",
                arity = "0..1",
                fallbackValue = "",
                paramLabel = "all",
                description = "Lists your applications; with all, Config Store applications too.")
        String listApps;

        @Option(names = "-displayapp", paramLabel = "<app>", description = "Shows an application.")
        String displayApp;

        @Option(
                names = "-purgecache",
                paramLabel = "<app>",
                description = "Every SSO server drops its cached credentials of the application.")
        String purgeCache;

        @Option(
                names = "-createmappings",
                paramLabel = "<xml>",
                description = "Creates the mappings of a file (disabled).")
        Path createMappings;

        @Option(
                names = "-deletemappings",
                paramLabel = "<xml>",
                description = "Deletes the (disabled) mappings of a file.")
        Path deleteMappings;

        @Option(
                names = "-deletemapping",
                arity = "2",
                paramLabel = "<arg>",
                description = "<DOMAIN\\user> <app>: deletes a disabled mapping.")
        String[] deleteMapping;

        @Option(names = "-enablemapping", arity = "2", paramLabel = "<arg>", description = "<DOMAIN\\user> <app>.")
        String[] enableMapping;

        @Option(names = "-disablemapping", arity = "2", paramLabel = "<arg>", description = "<DOMAIN\\user> <app>.")
        String[] disableMapping;

        @Option(
                names = "-listmappings",
                arity = "1..2",
                paramLabel = "<arg>",
                description = "<DOMAIN\\user> | <app>"
                        + " | <DOMAIN\\user> <app>: lists mappings, (E) enabled, (D) disabled.")
        String[] listMappings;

        @Option(
                names = "-setcredentials",
                arity = "2",
                paramLabel = "<arg>",
                description = "<DOMAIN\\user> <app>:"
                        + " asks for the credentials without echo (and the external user id if there is no mapping); the"
                        + " mapping comes out enabled.")
        String[] setCredentials;

        @Option(
                names = "-tickets",
                arity = "2",
                paramLabel = "<yes|no>",
                description = "<allow> <validate>: whether tickets are allowed and validated (yes/no/on/off).")
        String[] tickets;

        @Option(
                names = "-listgroups",
                arity = "0..1",
                fallbackValue = "",
                paramLabel = "<group>",
                description = "Lists the groups and their members (ours: what a directory does for ENTSSO).")
        String listGroups;

        @Option(names = "-addgroupmember", arity = "2", paramLabel = "<arg>", description = "<group> <DOMAIN\\user>.")
        String[] addGroupMember;

        @Option(
                names = "-removegroupmember",
                arity = "2",
                paramLabel = "<arg>",
                description = "<group> <DOMAIN\\user>.")
        String[] removeGroupMember;
    }

    @Mixin
    SharedOptions options;

    private final Environment environment;
    private final PrintWriter out;

    private SsoManageCommand(Environment environment, PrintWriter out) {
        this.environment = environment;
        this.out = out;
    }

    /** Entry point of {@code ops/bin/ssomanage}. */
    public static void main(String... args) {
        CommandLines.quietLibraryLogging();
        System.exit(
                run(Environment.system(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    static int run(Environment environment, PrintWriter out, PrintWriter err, String... args) {
        return CommandLines.execute("ssomanage", new SsoManageCommand(environment, out), out, err, Help.strip(args));
    }

    @Override
    public Integer call() {
        Output output = options.output(out);
        Verb v = verb;
        ServerChoice servers = new ServerChoice(environment);
        if (v.server != null) {
            servers.setForUser(v.server, out);
            return 0;
        }
        if (v.serverAll != null) {
            servers.setForMachine(v.serverAll, out);
            return 0;
        }
        if (v.showServer) {
            servers.show(out, Connection.config(options.config, environment).servers());
            return 0;
        }
        try (SsoClient client = Connection.open(options.config, environment)) {
            AdminApi api = new AdminApi(client);
            dispatch(v, api, output);
        }
        return 0;
    }

    private void dispatch(Verb v, AdminApi api, Output output) {
        ApplicationVerbs apps = new ApplicationVerbs(api, output);
        MappingVerbs mappings = new MappingVerbs(api, output);
        GlobalVerbs global = new GlobalVerbs(api, output);
        GroupVerbs groups = new GroupVerbs(api, output);
        if (v.displayDb) {
            global.display();
        } else if (v.updateDb != null) {
            global.update(v.updateDb);
        } else if (v.enableSso || v.disableSso) {
            global.setSso(v.enableSso);
        } else if (v.enable != null || v.disable != null) {
            global.setFeature(v.enable != null ? v.enable : v.disable, v.enable != null);
        } else if (v.tickets != null) {
            global.tickets(v.tickets[0], v.tickets[1]);
        } else if (v.createApps != null) {
            apps.create(v.createApps);
        } else if (v.updateApps != null) {
            apps.update(v.updateApps);
        } else if (v.deleteApp != null) {
            apps.delete(v.deleteApp);
        } else if (v.enableApp != null || v.disableApp != null) {
            apps.setEnabled(v.enableApp != null ? v.enableApp : v.disableApp, v.enableApp != null);
        } else if (v.listApps != null) {
            if (!v.listApps.isEmpty() && !v.listApps.equalsIgnoreCase("all")) {
                throw CommandFailure.usage("-listapps takes nothing or all, not " + v.listApps);
            }
            apps.list(!v.listApps.isEmpty());
        } else if (v.displayApp != null) {
            apps.display(v.displayApp);
        } else if (v.purgeCache != null) {
            apps.purgeCache(v.purgeCache);
        } else if (v.createMappings != null) {
            mappings.create(v.createMappings);
        } else if (v.deleteMappings != null) {
            mappings.delete(v.deleteMappings);
        } else if (v.deleteMapping != null) {
            mappings.delete(account(v.deleteMapping[0]), v.deleteMapping[1]);
        } else if (v.enableMapping != null || v.disableMapping != null) {
            String[] args = v.enableMapping != null ? v.enableMapping : v.disableMapping;
            mappings.setEnabled(account(args[0]), args[1], v.enableMapping != null);
        } else if (v.listMappings != null) {
            listMappings(mappings, v.listMappings);
        } else if (v.setCredentials != null) {
            mappings.setCredentials(
                    account(v.setCredentials[0]), v.setCredentials[1], options.credentials(environment));
        } else if (v.listGroups != null) {
            groups.list(v.listGroups.isEmpty() ? Optional.empty() : Optional.of(v.listGroups));
        } else if (v.addGroupMember != null) {
            groups.add(v.addGroupMember[0], account(v.addGroupMember[1]));
        } else if (v.removeGroupMember != null) {
            groups.remove(v.removeGroupMember[0], account(v.removeGroupMember[1]));
        }
    }

    /** {@code <DOMAIN\\user> | <app> | <DOMAIN\\user> <app>}: an argument with a backslash is an account. */
    private static void listMappings(MappingVerbs mappings, String[] args) {
        if (args.length == 2) {
            mappings.list(Optional.of(account(args[0])), Optional.of(args[1]));
        } else if (args[0].contains("\\")) {
            mappings.list(Optional.of(account(args[0])), Optional.empty());
        } else {
            mappings.list(Optional.empty(), Optional.of(args[0]));
        }
    }

    /** A Windows account as ENTSSO takes it: {@code DOMAIN\\user}. */
    static String account(String text) {
        int slash = text.indexOf('\\');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('\\', slash + 1) >= 0) {
            throw CommandFailure.usage("Not a Windows account: " + text + " (give DOMAIN\\user)");
        }
        return text;
    }

    /** {@code --help} anywhere, even after a verb that takes a value, shows the help. */
    static final class Help {
        private Help() {}

        static String[] strip(String... args) {
            boolean help = Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h") || a.equals("-?"));
            return help ? new String[] {"--help"} : args;
        }
    }
}
