package org.entsso.sso.admin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options ssomanage and ssoclient share (a picocli mixin): the configuration, the output, scripted secrets. */
final class SharedOptions {
    @Option(
            names = "--config",
            paramLabel = "<client.properties>",
            description = "The client configuration (default: $ENTSSO_CLIENT_CONFIG, else client.properties in the"
                    + " current folder).")
    Path config;

    @Option(
            names = "--output",
            paramLabel = "text|json|xml",
            defaultValue = "text",
            description = "How a display is printed: text (default), json for scripts, or (ssomanage) xml as the file"
                    + " the create/update verbs read.")
    String format;

    @Option(names = "-json", description = "The same as --output json.")
    boolean json;

    @Option(
            names = "--external-user",
            paramLabel = "<id>",
            description = "-setcredentials without a terminal: the external user id of a new mapping.")
    String externalUser;

    @Option(
            names = "--password-file",
            paramLabel = "<file>",
            description = "-setcredentials without a terminal: an owner-only file with one line per credential field.")
    Path passwordFile;

    @Option(
            names = {"-h", "--help", "-?"},
            usageHelp = true,
            description = "Shows this help.")
    boolean help;

    Output output(PrintWriter out) {
        return new Output(out, json ? Output.Format.JSON : Output.Format.parse(format));
    }

    CredentialInput credentials(Environment environment) {
        return new CredentialInput(
                environment.prompter(), Optional.ofNullable(externalUser), Optional.ofNullable(passwordFile));
    }
}
